import { describe, expect, it } from 'vitest'
import { createJobWorker } from '../worker.ts'
import { JobWorker } from '../jobs/worker.ts'
import { APPLY_BATCH, memberImportApplyHandler } from '../services/member-import.ts'
import { verifyAuditChain } from '../services/audit.ts'
import { TestClient, createAdmin, createMembers, createTenant, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

async function upload(client: TestClient, csv: string | ReadableStream<Uint8Array>, fileName = 'members.csv') {
  const response = await client.request(`/api/member-imports?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csv,
    ...(typeof csv === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit)
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}

const rowsQuery = `query($id: ID!, $action: ImportRowAction) {
  node(id: $id) { ... on MemberImport { status totalRows createCount updateCount skipCount errorCount appliedRows
    rows(first: 100, action: $action) { edges { node { line loginId action problems { column code message limit value } } } } } }
}`

const applyMutation = `mutation($input: MutationApplyMemberImportInput!) {
  applyMemberImport(input: $input) { __typename ... on MutationApplyMemberImportSuccess { memberImport { status } } ... on Error { code message } }
}`

describe('member CSV import', () => {
  it('dry-runs a file: create, update, skip and per-row errors with line numbers; nothing applied', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name: '営業部' } })
    const [existing, same] = await createMembers(ctx, tenant, domain, 2, 'old')
    const d = domain.name
    const csv = [
      '\uFEFFlogin_id,family_name,given_name,department,email',
      `new.one@${d},新井,一郎,営業部,one@example.com`,
      `${existing?.loginId},山田,改名,,`,
      `${same?.loginId},山田,old2,,`,
      `BAD ID,x,y,,`,
      `new.two@${d},,名前,,`,
      `new.three@${d},三田,三郎,存在しない部,`,
      `new.one@${d},重複,,,`,
      `"unclosed@${d},a,b,,`,
    ].join('\n')
    const { status, body } = await upload(client, csv, '社員.csv')
    expect(status).toBe(201)
    expect(body).toMatchObject({ status: 'VALIDATED', totalRows: 8, createCount: 1, updateCount: 1, skipCount: 1, errorCount: 5 })
    const result = await client.data(rowsQuery, { id: body.id })
    const rows = result.node.rows.edges.map((edge: { node: unknown }) => edge.node)
    expect(rows.slice(0, 3)).toEqual([
      { line: 2, loginId: `new.one@${d}`, action: 'CREATE', problems: [] },
      { line: 3, loginId: existing?.loginId, action: 'UPDATE', problems: [] },
      { line: 4, loginId: same?.loginId, action: 'SKIP', problems: [] },
    ])
    const errors = rows.filter((row: { action: string }) => row.action === 'ERROR')
    expect(errors.map((row: { line: number }) => row.line)).toEqual([5, 6, 7, 8, 9])
    // Each problem has a code the UI words in the reader's language, and what the words need.
    expect(errors[0].problems[0]).toEqual({ column: 'login_id', code: 'login_id_format', message: 'Write the login id as name@domain', limit: null, value: null })
    expect(errors[1].problems[0]).toEqual({ column: 'family_name', code: 'required', message: 'Required', limit: null, value: null })
    expect(errors[2].problems[0]).toEqual({
      column: 'department',
      code: 'unknown_department',
      message: `Unknown department 存在しない部 in ${d}`,
      limit: null,
      value: '存在しない部',
    })
    expect(errors[3].problems[0]).toMatchObject({ column: 'login_id', code: 'duplicate_login_id', message: 'Same login id as line 2', value: '2' })
    expect(errors[4].problems[0]).toMatchObject({ column: null, code: 'csv_quote_not_closed', message: 'A quoted value is not closed' })
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(2)
  })

  it('gives a malformed line one error row however many stray quotes it has, keeps a quote inside a value, and refuses a malformed header', async () => {
    // Found by test/fuzz.test.ts: each stray quote was an error of its own, so a second error row for
    // one line broke the import's primary key (HTTP 500), and a line full of them blocked the CPU.
    const { tenant, domain, client } = await createTenant(ctx)
    const d = domain.name
    const csv = ['login_id,family_name,given_name', `quote@${d},山"田,太郎`, '"a"b"c"d,"x"y,z,extra', `{"a":${'{"a":'.repeat(5_000)}1,x,y`].join('\n')
    const { status, body } = await upload(client, csv)
    expect(status).toBe(201)
    expect(body).toMatchObject({ status: 'VALIDATED', totalRows: 3, createCount: 1, errorCount: 2 })
    const rows = (await client.data(rowsQuery, { id: body.id })).node.rows.edges.map((edge: { node: { line: number; action: string } }) => edge.node)
    expect(rows.map((row: { line: number; action: string }) => [row.line, row.action])).toEqual([
      [2, 'CREATE'],
      [3, 'ERROR'],
      [4, 'ERROR'],
    ])
    expect(rows[1].problems).toEqual([{ column: null, code: 'csv_column_count', message: 'Wrong number of columns', limit: null, value: null }])

    const header = await upload(client, `"login_id,family_name\nx@${d},y\n`)
    expect(header).toEqual({ status: 400, body: expect.objectContaining({ code: 'INVALID_PARAMETER', description: 'file: The header row is not valid CSV: a quoted value is not closed' }) })
    expect(await ctx.db.prisma.memberImport.count({ where: { tenantId: tenant.id } })).toBe(1)
  })

  it('applies in the background, audits every member, and a second upload of the same file skips all', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [existing] = await createMembers(ctx, tenant, domain, 1, 'keep')
    const lines = ['login_id,family_name,given_name,family_name_en,given_name_en,family_name_reading,given_name_reading,status']
    for (let index = 1; index <= 30; index += 1) lines.push(`emp${index}@${domain.name},社員,${index},Staff,${index},ｼｬｲﾝ,,`)
    lines.push(`${existing?.loginId},山田,keep1,,,やまだ,,SUSPENDED`)
    lines.push(`broken@${domain.name},x`)
    lines.push(`kanji.reading@${domain.name},漢字,読み,,,漢字,,`)
    const csv = lines.join('\r\n')
    const { body } = await upload(client, csv)
    expect(body).toMatchObject({ createCount: 30, updateCount: 1, errorCount: 2 })
    const refused = await client.data(rowsQuery, { id: body.id, action: 'ERROR' })
    expect(refused.node.rows.edges.at(-1).node.problems).toEqual([
      { column: 'family_name_reading', code: 'reading_kana', message: 'Write the reading in kana (hiragana or katakana)', limit: null, value: null },
    ])
    const applied = await client.data(applyMutation, { input: { id: body.id } })
    expect(applied.applyMemberImport.memberImport.status).toBe('APPLYING')
    expect((await client.data(applyMutation, { input: { id: body.id } })).applyMemberImport.code).toBe('CONFLICT')
    await createJobWorker(ctx.db, ctx.services).drain()

    const after = await client.data(rowsQuery, { id: body.id, action: 'ERROR' })
    expect(after.node).toMatchObject({ status: 'APPLIED', appliedRows: 31 })
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(31)
    const emp7 = await ctx.db.prisma.member.findFirstOrThrow({ where: { tenantId: tenant.id, loginId: `emp7@${domain.name}` } })
    expect(emp7).toMatchObject({ familyName: '社員', givenName: '7', status: 'ACTIVE', i18nNames: [{ language: 'EN', familyName: 'Staff', givenName: '7' }] })
    // Readings are stored full-width and sort in hiragana; the English name sorts by its own key.
    expect(emp7).toMatchObject({ familyNameReading: 'シャイン', givenNameReading: null, readingKey: 'しゃいん ', nameKey: 'staff 7' })
    expect(await ctx.db.prisma.member.findUniqueOrThrow({ where: { id: existing?.id ?? '' } })).toMatchObject({
      status: 'SUSPENDED',
      familyNameReading: 'やまだ',
      readingKey: 'やまだ ',
    })
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'member.create' } })).toBe(30)
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'member.update' } })).toBe(1)
    expect((await verifyAuditChain(ctx.db.prisma, tenant.id)).ok).toBe(true)

    const again = await upload(client, csv)
    expect(again.body).toMatchObject({ createCount: 0, updateCount: 0, skipCount: 31, errorCount: 2 })
  })

  it('resumes after an interruption without applying any row twice', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const lines = ['login_id,family_name,given_name']
    const total = APPLY_BATCH + 200
    for (let index = 1; index <= total; index += 1) lines.push(`bulk${index}@${domain.name},大量,${index}`)
    const { body } = await upload(client, lines.join('\n'))
    expect(body.createCount).toBe(total)
    await client.data(applyMutation, { input: { id: body.id } })

    // A worker that is told to stop after its first batch (as on shutdown) hands the job back.
    let batches = 0
    const handler = memberImportApplyHandler({ prisma: ctx.db.prisma, pubsub: ctx.services.pubsub })
    const stopping = new JobWorker(ctx.db, {
      'member-import.apply': (job, controls) =>
        handler(job, { heartbeat: async () => { batches += 1; await controls.heartbeat() }, stopping: () => batches >= 1 }),
    })
    await stopping.drain()
    const mid = await ctx.db.prisma.memberImport.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(mid).toMatchObject({ status: 'APPLYING', appliedRows: APPLY_BATCH })
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(APPLY_BATCH)

    // A worker that died while holding the job: its claim expires and another worker takes over.
    await ctx.db.prisma.job.updateMany({ where: { tenantId: tenant.id }, data: { status: 'RUNNING', lockedUntil: new Date(Date.now() - 1000) } })
    await createJobWorker(ctx.db, ctx.services).drain()
    const done = await ctx.db.prisma.memberImport.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(done).toMatchObject({ status: 'APPLIED', appliedRows: total })
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(total)
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'member.create' } })).toBe(total)
    expect(await ctx.db.prisma.memberImportRow.count({ where: { importId: mid.id, appliedAt: null } })).toBe(0)
  }, 60_000)

  it("reads Excel's Japanese CSV (Shift_JIS / CP932, no BOM) as well as UTF-8", async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name: '営業部' } })
    const ascii = (text: string) => Buffer.from(text, 'latin1')
    // 髙 and ① exist only in CP932 (not in plain Shift_JIS); ﾀﾛｳ is half-width katakana.
    const sjis = Buffer.concat([
      ascii(`login_id,family_name,given_name,department\r\nsjis.one@${domain.name},`),
      Buffer.from('eee08bb4', 'hex'), // 髙橋
      ascii(','),
      Buffer.from('c0dbb38740', 'hex'), // ﾀﾛｳ①
      ascii(','),
      Buffer.from('89638bc69594', 'hex'), // 営業部
      ascii('\r\n'),
    ])
    const created = await upload(client, new ReadableStream({
      start(controller) {
        // Split inside a two-byte character: the decoder keeps the half for the next chunk.
        controller.enqueue(new Uint8Array(sjis.subarray(0, sjis.length - 5)))
        controller.enqueue(new Uint8Array(sjis.subarray(sjis.length - 5)))
        controller.close()
      },
    }))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ createCount: 1, errorCount: 0 })
    const applied = await client.data(applyMutation, { input: { id: created.body.id } })
    expect(applied.applyMemberImport.__typename).toBe('MutationApplyMemberImportSuccess')
    await createJobWorker(ctx.db, ctx.services).drain()
    expect((await client.data(rowsQuery, { id: created.body.id })).node).toMatchObject({ status: 'APPLIED', appliedRows: 1 })
    const member = await ctx.db.prisma.member.findFirst({ where: { tenantId: tenant.id, loginId: `sjis.one@${domain.name}` }, include: { orgUnit: true } })
    expect(member).toMatchObject({ familyName: '髙橋', givenName: 'ﾀﾛｳ①', orgUnit: { name: '営業部' } })
  })

  it('refuses a bad header, an empty file, text in no known encoding and oversized uploads, keeping nothing', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const header = await upload(client, `loginid,family_name\nx@${domain.name},y`)
    expect(header.status).toBe(400)
    expect(header.body.description).toMatch(/^file: Unknown columns: loginid/)
    expect(header.body.fieldErrors).toEqual([{ path: ['file'], code: 'unknown_columns', message: expect.stringMatching(/^Unknown columns/), value: 'loginid' }])
    const missing = await upload(client, `family_name,given_name\n山田,太郎`)
    expect(missing.body.description).toBe('file: The header must have a login_id column')
    expect(missing.body.fieldErrors[0]).toMatchObject({ code: 'missing_columns', value: 'login_id' })
    const twice = await upload(client, `login_id,family_name,Family_Name\nx@${domain.name},a,b`)
    expect(twice.body.fieldErrors[0]).toMatchObject({ code: 'duplicate_column', value: 'family_name' })
    const empty = await upload(client, '')
    expect(empty.body.description).toBe('file: The file is empty')
    expect(empty.body.fieldErrors[0]).toMatchObject({ code: 'empty_file' })
    // Bytes that are neither UTF-8 nor Shift_JIS (0xFD-0xFF lead no character in either).
    const binary = await upload(client, new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`login_id,family_name\nxx@${domain.name},`))
        controller.enqueue(new Uint8Array([0xfd, 0xfe, 0xff, 0x41]))
        controller.close()
      },
    }))
    expect(binary.status).toBe(400)
    expect(binary.body.fieldErrors[0]).toMatchObject({ code: 'unknown_encoding' })
    const declared = await client.request('/api/member-imports', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-length': String(65 * 1024 * 1024) },
      body: 'login_id\n',
    })
    expect(declared.status).toBe(413)
    const chunk = new Uint8Array(1024 * 1024).fill(0x61)
    let sent = 0
    const streamed = await upload(client, new ReadableStream({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('login_id,family_name\n'))
        sent += 1
        if (sent > 66) controller.close()
        else controller.enqueue(chunk)
      },
    }))
    expect(streamed.status).toBe(413)
    expect(streamed.body.code).toBe('LIMIT_EXCEEDED')
    expect(await ctx.db.prisma.memberImport.count({ where: { tenantId: tenant.id } })).toBe(0)
  }, 60_000)

  it('needs members edit authority and keeps tenants apart', async () => {
    const a = await createTenant(ctx, 'A')
    const b = await createTenant(ctx, 'B')
    const viewer = await createAdmin(ctx, a.tenant.id, { members: 'VIEW' })
    expect((await upload(viewer.client, `login_id,family_name\nx@${a.domain.name},y`)).status).toBe(403)
    expect((await upload(new TestClient(ctx.app), `login_id,family_name\nx@${a.domain.name},y`)).status).toBe(401)
    // A login id in another tenant's domain is unknown here.
    const foreignDomain = await upload(a.client, `login_id,family_name\nx@${b.domain.name},y`)
    expect(foreignDomain.body).toMatchObject({ createCount: 0, errorCount: 1 })
    const bImport = await upload(b.client, `login_id,family_name\nx@${b.domain.name},y`)
    expect((await a.client.data(applyMutation, { input: { id: bImport.body.id } })).applyMemberImport.code).toBe('NOT_FOUND')
    expect((await a.client.data(rowsQuery, { id: bImport.body.id })).node).toBeNull()
    expect(await ctx.db.prisma.memberImport.findFirst({ where: { tenantId: b.tenant.id } })).toMatchObject({ status: 'VALIDATED' })
  })

  it('reports progress over a subscription (SSE)', async () => {
    const { domain, client } = await createTenant(ctx)
    const { body } = await upload(client, `login_id,family_name\nsse@${domain.name},x`)
    const response = await client.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription($id: ID!) { memberImportProgress(id: $id) { status appliedRows } }`, variables: { id: body.id } }),
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body?.getReader()
    if (!reader) throw new Error('no body')
    let first = ''
    while (!first.includes('"status"')) first += new TextDecoder().decode((await reader.read()).value)
    expect(first).toContain('"status":"VALIDATED"')
    await client.data(applyMutation, { input: { id: body.id } })
    await createJobWorker(ctx.db, ctx.services).drain()
    let text = ''
    while (!text.includes('"status":"APPLIED"')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('"appliedRows":1')
    await reader.cancel()
  })
})
