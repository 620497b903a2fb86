import { describe, expect, it } from 'vitest'
import { testDatabaseKind } from '../../test/database.ts'
import { createAdmin, createMembers, createTenant, type TestClient, useTestApp } from '../../test/harness.ts'
import { createJobWorker } from '../worker.ts'
import { JobWorker } from '../jobs/worker.ts'
import { verifyAuditChain } from '../services/audit.ts'
import { ACCOUNT_APPLY_BATCH, attendanceAccountImportHandler } from '../services/attendance/index.ts'
import { allocateLwDomainId } from '../services/domains.ts'

const ctx = useTestApp()

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')

const EMPLOYEES = `query($orgUnitId: ID, $linked: Boolean, $first: Int, $after: ID) { attendanceEmployees(orgUnitId: $orgUnitId, linked: $linked, first: $first, after: $after) {
  totalCount linkedCount hasMore employees { id loginId accountId orgUnitName } } }`
const IMPORT = `query($id: ID!) { node(id: $id) { ... on AttendanceAccountImport { status totalRows changeCount unchangedCount errorCount appliedRows
  rows(first: 50, action: ERROR) { edges { node { line loginId code message otherLoginId } } } } } }`
const APPLY = `mutation($input: MutationApplyAttendanceAccountImportInput!) { applyAttendanceAccountImport(input: $input) { __typename
  ... on MutationApplyAttendanceAccountImportSuccess { accountImport { status changeCount } }
  ... on ValidationError { fieldErrors { path code } } ... on Error { code message } } }`

/** Uploads a CSV: it is stored and checked (the dry run). */
async function upload(client: TestClient, csv: string, fileName = 'accounts.csv') {
  const response = await client.request(`/api/attendance/accounts.csv?dryRun=1&fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}

async function apply(client: TestClient, id: string) {
  return (await client.data(APPLY, { input: { id } })).applyAttendanceAccountImport
}

/** Uploads, applies and runs the job: the whole import as an admin does it. */
async function importCsv(client: TestClient, csv: string) {
  const { body } = await upload(client, csv)
  expect(body.errorCount).toBe(0)
  // Nothing to change: done at once, without a job.
  expect((await apply(client, body.id)).accountImport.status).toBe(body.changed > 0 ? 'APPLYING' : 'APPLIED')
  await createJobWorker(ctx.db, ctx.services).drain()
  return { id: body.id as string, ...(await client.data(IMPORT, { id: body.id })).node }
}

async function setUp() {
  const made = await createTenant(ctx)
  const sales = await ctx.db.prisma.orgUnit.create({ data: { tenantId: made.tenant.id, domainId: made.domain.id, name: 'Sales' } })
  const members = await createMembers(ctx, made.tenant, made.domain, 4, 'emp')
  await ctx.db.prisma.member.updateMany({ where: { id: { in: members.slice(0, 2).map((member) => member.id) } }, data: { orgUnitId: sales.id } })
  return { ...made, members, sales }
}

describe('attendance accounts', () => {
  it('lists employees by department with their account ids, for admins with attendance authority only', async () => {
    const { tenant, members, sales, client } = await setUp()
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', members[0]?.id ?? ''), accountId: ' Taro@Example.COM ' },
    })
    const clerk = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    const page = (await clerk.client.data(EMPLOYEES, { orgUnitId: gid('OrgUnit', sales.id) })).attendanceEmployees
    expect(page).toEqual({
      totalCount: 2,
      linkedCount: 1,
      hasMore: false,
      employees: [
        { id: gid('Member', members[0]?.id ?? ''), loginId: members[0]?.loginId, accountId: 'taro@example.com', orgUnitName: 'Sales' },
        { id: gid('Member', members[1]?.id ?? ''), loginId: members[1]?.loginId, accountId: null, orgUnitName: 'Sales' },
      ],
    })
    const first = (await clerk.client.data(EMPLOYEES, { first: 3 })).attendanceEmployees
    const rest = (await clerk.client.data(EMPLOYEES, { first: 3, after: first.employees[2].id })).attendanceEmployees
    expect([first.hasMore, rest.hasMore, rest.employees.length]).toEqual([true, false, 1])
    expect((await clerk.client.data(EMPLOYEES, { linked: false })).attendanceEmployees.totalCount).toBe(3)
    const taken = await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { ... on ValidationError { fieldErrors { path code message } } } }`, {
      input: { memberId: gid('Member', members[1]?.id ?? ''), accountId: 'taro@example.com' },
    })
    expect(taken.setAttendanceAccount.fieldErrors).toEqual([{ path: ['accountId'], code: 'duplicate', message: 'Another employee already uses this account id' }])
    const membersOnly = await createAdmin(ctx, tenant.id, { members: 'EDIT' })
    expect((await membersOnly.client.gql(EMPLOYEES, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  it('reads one employee by id, with the LINE WORKS user id the account id resolved to, within the tenant only', async () => {
    const { tenant, members, client } = await setUp()
    const [a, b] = members
    if (!a || !b) throw new Error('members missing')
    await ctx.db.prisma.attendanceAccount.create({ data: { tenantId: tenant.id, memberId: a.id, accountId: a.loginId, lineWorksUserId: 'lw-user-1' } })
    const ONE = 'query($id: ID!) { attendanceEmployee(id: $id) { id loginId accountId lineWorksUserId } }'
    expect((await client.data(ONE, { id: gid('Member', a.id) })).attendanceEmployee).toEqual({ id: gid('Member', a.id), loginId: a.loginId, accountId: a.loginId, lineWorksUserId: 'lw-user-1' })
    expect((await client.data(ONE, { id: gid('Member', b.id) })).attendanceEmployee).toMatchObject({ accountId: null, lineWorksUserId: null })
    const other = await createTenant(ctx)
    expect((await other.client.data(ONE, { id: gid('Member', a.id) })).attendanceEmployee).toBeNull()
    // A new account id may be another LINE WORKS user: the resolved id goes with the old one.
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, { input: { memberId: gid('Member', a.id), accountId: 'someone.else@lw.example' } })
    expect((await client.data(ONE, { id: gid('Member', a.id) })).attendanceEmployee.lineWorksUserId).toBeNull()
  })

  it('imports account ids from CSV: a stored dry run with coded row errors changes nothing; applying twice changes nothing more; swaps work; exports them', async () => {
    const { members, client, tenant } = await setUp()
    const [a, b, c, d] = members
    if (!a || !b || !c || !d) throw new Error('members missing')
    const bad = await upload(client, `login_id,account_id\n${a.loginId},one@lw.example\nnobody@x.example,two@lw.example\n${b.loginId},one@lw.example\n${a.loginId},three@lw.example\n,four@lw.example\n${c.loginId},${'x'.repeat(201)}\n`)
    expect(bad.status).toBe(201)
    expect(bad.body).toMatchObject({ status: 'VALIDATED', dryRun: true, rows: 6, changed: 1, unchanged: 0, errorCount: 5 })
    expect(bad.body.errors).toEqual([
      { line: 3, loginId: 'nobody@x.example', code: 'unknown_login_id', message: 'No member has this login id', otherLoginId: null },
      { line: 4, loginId: b.loginId, code: 'account_id_repeated', message: `account_id one@lw.example is also given to ${a.loginId}`, otherLoginId: a.loginId },
      { line: 5, loginId: a.loginId, code: 'repeated_login_id', message: 'This login id appears twice in the file', otherLoginId: null },
      { line: 6, loginId: '', code: 'empty_login_id', message: 'login_id is empty', otherLoginId: null },
      { line: 7, loginId: c.loginId, code: 'account_id_too_long', message: 'account_id: at most 200 characters', otherLoginId: null },
    ])
    // GraphQL pages the same rows; the dry run changed nothing.
    const checked = (await client.data(IMPORT, { id: bad.body.id })).node
    expect(checked.rows.edges.map((edge: { node: { code: string } }) => edge.node.code)).toEqual(['unknown_login_id', 'account_id_repeated', 'repeated_login_id', 'empty_login_id', 'account_id_too_long'])
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect(await ctx.db.prisma.job.count({ where: { tenantId: tenant.id, kind: 'attendance.account-import' } })).toBe(0)

    const csv = `\uFEFFlogin_id,account_id,family_name\n${a.loginId},ONE@LW.example,x\n${b.loginId},two@lw.example,y\n${c.loginId},,z\n`
    const dry = await upload(client, csv)
    expect(dry.body).toMatchObject({ dryRun: true, rows: 3, changed: 2, unchanged: 1, errorCount: 0, errors: [] })
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(0)
    const applied = await importCsv(client, csv)
    expect(applied).toMatchObject({ status: 'APPLIED', changeCount: 2, appliedRows: 2 })
    expect((await client.data(EMPLOYEES, { first: 2 })).attendanceEmployees.employees.map((row: { accountId: string }) => row.accountId)).toEqual(['one@lw.example', 'two@lw.example'])
    // The same file again: nothing to change; applying it is harmless.
    const again = await upload(client, csv)
    expect(again.body).toMatchObject({ changed: 0, unchanged: 3, errorCount: 0 })
    expect(await importCsv(client, csv)).toMatchObject({ status: 'APPLIED', appliedRows: 0 })
    expect((await apply(client, applied.id)).fieldErrors).toEqual([{ path: ['id'], code: 'import_not_pending' }])

    // A resolved LINE WORKS user id stays with an unchanged account and goes with a changed one.
    await ctx.db.prisma.attendanceAccount.update({ where: { memberId: a.id }, data: { lineWorksUserId: 'lw-a' } })
    await ctx.db.prisma.attendanceAccount.update({ where: { memberId: b.id }, data: { lineWorksUserId: 'lw-b' } })
    await importCsv(client, `login_id,account_id\n${a.loginId},one@lw.example\n${b.loginId},two-new@lw.example\n`)
    expect((await ctx.db.prisma.attendanceAccount.findMany({ where: { tenantId: tenant.id }, orderBy: { accountId: 'asc' } })).map((row) => [row.accountId, row.lineWorksUserId])).toEqual([
      ['one@lw.example', 'lw-a'],
      ['two-new@lw.example', null],
    ])

    // Swapping two employees' account ids in one file is fine.
    expect(await importCsv(client, `login_id,account_id\n${a.loginId},two-new@lw.example\n${b.loginId},one@lw.example\n`)).toMatchObject({ appliedRows: 2 })
    // Taking an account id someone keeps is not.
    const clash = await upload(client, `login_id,account_id\n${c.loginId},one@lw.example\n`)
    expect(clash.body.errors).toEqual([{ line: 2, loginId: c.loginId, code: 'account_id_taken', message: `account_id one@lw.example already belongs to ${b.loginId}`, otherLoginId: b.loginId }])
    // Checked fine, but the account id was taken before applying: the check runs again and leaves the
    // row out; with nothing else to change, the import is done at once.
    const late = await upload(client, `login_id,account_id\n${d.loginId},late@lw.example\n`)
    await ctx.db.prisma.attendanceAccount.create({ data: { tenantId: tenant.id, memberId: c.id, accountId: 'late@lw.example' } })
    expect((await apply(client, late.body.id)).accountImport).toEqual({ status: 'APPLIED', changeCount: 0 })
    expect((await client.data(IMPORT, { id: late.body.id })).node).toMatchObject({ status: 'APPLIED', appliedRows: 0, errorCount: 1, rows: { edges: [{ node: { code: 'account_id_taken', otherLoginId: c.loginId } }] } })
    expect(await ctx.db.prisma.attendanceAccount.findUnique({ where: { memberId: d.id } })).toBeNull()
    expect(await ctx.db.prisma.job.count({ where: { tenantId: tenant.id, kind: 'attendance.account-import', payload: { path: ['importId'], equals: late.body.id } } })).toBe(0)

    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, action: 'attendance.account.set' }, orderBy: { seq: 'asc' } })
    expect(audit.map((entry) => [entry.targetLabel, (entry.before as { accountId: string | null }).accountId, (entry.after as { accountId: string | null }).accountId])).toEqual([
      [a.loginId, null, 'one@lw.example'],
      [b.loginId, null, 'two@lw.example'],
      [b.loginId, 'two@lw.example', 'two-new@lw.example'],
      [a.loginId, 'one@lw.example', 'two-new@lw.example'],
      [b.loginId, 'two-new@lw.example', 'one@lw.example'],
    ])
    expect((await verifyAuditChain(ctx.db.prisma, tenant.id)).ok).toBe(true)

    const exported = await client.request('/api/attendance/accounts.csv')
    const text = await exported.text()
    expect(text.split('\n')[0]).toContain('login_id,family_name,given_name,department,employment_type,account_id')
    expect(text).toContain(`${a.loginId},山田,emp1,Sales,,two-new@lw.example`)
    const viewer = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    expect((await upload(viewer.client, csv)).status).toBe(403)
    expect((await viewer.client.data(APPLY, { input: { id: late.body.id } })).applyAttendanceAccountImport.code).toBe('FORBIDDEN')
  })

  it('applies at once when posted without dryRun (the answer waits for the job); a file with errors is only checked', async () => {
    const { members, client, tenant } = await setUp()
    const post = async (csv: string) => {
      const response = await client.request('/api/attendance/accounts.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })
      return { status: response.status, body: (await response.json()) as Record<string, any> }
    }
    const worker = createJobWorker(ctx.db, ctx.services, { pollMs: 50 })
    worker.start()
    try {
      const done = await post(`login_id,account_id\n${members[0]?.loginId},direct@lw.example\n`)
      expect(done).toMatchObject({ status: 200, body: { status: 'APPLIED', dryRun: false, rows: 1, changed: 1, applied: 1, errors: [] } })
      const refused = await post(`login_id,account_id\n${members[1]?.loginId},direct@lw.example\n`)
      expect(refused).toMatchObject({ status: 201, body: { status: 'VALIDATED', dryRun: true, errorCount: 1, errors: [{ code: 'account_id_taken' }] } })
    } finally {
      await worker.stop()
    }
    expect((await ctx.db.prisma.attendanceAccount.findMany({ where: { tenantId: tenant.id } })).map((row) => row.accountId)).toEqual(['direct@lw.example'])
  })

  it('applies the valid rows of a file with errors and leaves the others out, as the member import does; reads Shift_JIS', async () => {
    const { members, client, tenant } = await setUp()
    const [a, b] = members
    if (!a || !b) throw new Error('members missing')
    // Excel's Japanese CSV: Shift_JIS, CRLF. 山 (0x8E52) is no valid account id: that row is in error.
    const sjis = Buffer.concat([
      Buffer.from(`login_id,account_id\r\n${a.loginId},aa@lw.example\r\n${b.loginId},`, 'latin1'),
      Buffer.from([0x8e, 0x52]),
      Buffer.from('\r\nnobody@x.example,c@lw.example\r\n', 'latin1'),
    ])
    const response = await client.request('/api/attendance/accounts.csv?dryRun=1', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: sjis })
    const dry = (await response.json()) as Record<string, any>
    expect(dry).toMatchObject({ rows: 3, changed: 1, errorCount: 2 })
    expect(dry.errors.map((row: { code: string }) => row.code)).toEqual(['account_id_invalid', 'unknown_login_id'])
    expect((await apply(client, dry.id)).accountImport).toEqual({ status: 'APPLYING', changeCount: 1 })
    await createJobWorker(ctx.db, ctx.services).drain()
    expect((await client.data(IMPORT, { id: dry.id })).node).toMatchObject({ status: 'APPLIED', appliedRows: 1, errorCount: 2 })
    expect((await ctx.db.prisma.attendanceAccount.findMany({ where: { tenantId: tenant.id } })).map((row) => [row.memberId, row.accountId])).toEqual([[a.id, 'aa@lw.example']])
  })

  it('refuses a file without the columns, an empty file, broken CSV, text in no known encoding and files over 10 MB, keeping nothing', async () => {
    const { client, tenant } = await setUp()
    const file = async (body: string | Uint8Array<ArrayBuffer>) => {
      const response = await client.request('/api/attendance/accounts.csv', { method: 'POST', headers: { 'content-type': 'text/csv' }, body })
      return { status: response.status, body: (await response.json()) as { fieldErrors?: { code: string }[] } }
    }
    expect(await file('name,x\nfoo,bar\n')).toMatchObject({ status: 400, body: { fieldErrors: [{ code: 'missing_columns' }] } })
    expect(await file('')).toMatchObject({ status: 400, body: { fieldErrors: [{ code: 'empty_file' }] } })
    expect(await file('login_id,account_id\n"open,x\n')).toMatchObject({ status: 400, body: { fieldErrors: [{ code: 'invalid_csv' }] } })
    expect(await file('login_id,account_id\nx\u0000,y\n')).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER', fieldErrors: [{ code: 'invalid_csv' }] } })
    expect(await file(new Uint8Array([...new TextEncoder().encode('login_id,account_id\nx,'), 0xfd, 0xfe]))).toMatchObject({ status: 400, body: { fieldErrors: [{ code: 'unknown_encoding' }] } })
    expect(await file(`login_id,account_id\n${'a,b\n'.repeat(100_001)}`)).toMatchObject({ status: 400, body: { fieldErrors: [{ code: 'too_many_rows' }] } })
    expect(await file(`login_id,account_id\n${`a@b.example,${'x'.repeat(200)}\n`.repeat(60_000)}`)).toMatchObject({ status: 413, body: { fieldErrors: [{ code: 'too_large' }] } })
    expect(await ctx.db.prisma.attendanceAccountImport.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('applies a large file in batches with its progress; a stop after a batch resumes without applying a row twice; one-by-one edits wait', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    // 20,000 rows on PostgreSQL (eight batches); on PGlite, which runs every statement in this
    // process, three batches and part of a fourth, which take the same paths in a third of the time.
    const total = testDatabaseKind === 'postgres' ? 20_000 : ACCOUNT_APPLY_BATCH * 3 + 100
    const members = await createMembers(ctx, tenant, domain, total, 'bulk')
    const lines = ['login_id,account_id', ...members.map((member, index) => `${member.loginId},lw${index}@lw.example`)]
    const { body } = await upload(client, lines.join('\n'))
    expect(body).toMatchObject({ rows: total, changed: total, errorCount: 0 })
    expect((await apply(client, body.id)).accountImport).toEqual({ status: 'APPLYING', changeCount: total })

    // A worker told to stop after its first batch (as on shutdown) hands the job back.
    let batches = 0
    const handler = attendanceAccountImportHandler({ prisma: ctx.db.prisma })
    const stopping = new JobWorker(ctx.db, {
      'attendance.account-import': (job, controls) =>
        handler(job, {
          heartbeat: async () => {
            batches += 1
            await controls.heartbeat()
          },
          stopping: () => batches >= 1,
        }),
    })
    await stopping.drain()
    expect((await client.data(IMPORT, { id: body.id })).node).toMatchObject({ status: 'APPLYING', appliedRows: ACCOUNT_APPLY_BATCH })
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(ACCOUNT_APPLY_BATCH)
    const edit = await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { ... on ValidationError { fieldErrors { code } } } }`, {
      input: { memberId: gid('Member', members[0]?.id ?? ''), accountId: 'elsewhere@lw.example' },
    })
    expect(edit.setAttendanceAccount.fieldErrors).toEqual([{ code: 'import_running' }])

    // A worker that died holding the job: its claim expires and another one finishes.
    await ctx.db.prisma.job.updateMany({ where: { tenantId: tenant.id }, data: { status: 'RUNNING', lockedUntil: new Date(Date.now() - 1000) } })
    await createJobWorker(ctx.db, ctx.services).drain()
    expect((await client.data(IMPORT, { id: body.id })).node).toMatchObject({ status: 'APPLIED', appliedRows: total })
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(total)
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, action: 'attendance.account.set' } })).toBe(total)
    expect(await ctx.db.prisma.attendanceAccountImportRow.count({ where: { importId: (await ctx.db.prisma.attendanceAccountImport.findFirstOrThrow({ where: { tenantId: tenant.id } })).id, appliedAt: null } })).toBe(0)

    // Shifting every account id by one (a chain of swaps across all batches) works too.
    const shifted = ['login_id,account_id', ...members.map((member, index) => `${member.loginId},lw${(index + 1) % total}@lw.example`)]
    expect(await importCsv(client, shifted.join('\n'))).toMatchObject({ status: 'APPLIED', appliedRows: total })
    const first = await ctx.db.prisma.attendanceAccount.findUniqueOrThrow({ where: { memberId: members[0]?.id ?? '' } })
    expect(first.accountId).toBe('lw1@lw.example')
  }, 120_000)

  it('keeps each tenant’s imports and employees apart', async () => {
    const { members, client } = await setUp()
    const other = await createTenant(ctx)
    const [theirs] = await createMembers(ctx, other.tenant, other.domain, 1, 'them')
    const mine = await upload(client, `login_id,account_id\n${theirs?.loginId},xx@lw.example\n${members[0]?.loginId},yy@lw.example\n`)
    expect(mine.body.errors).toEqual([{ line: 2, loginId: theirs?.loginId, code: 'unknown_login_id', message: 'No member has this login id', otherLoginId: null }])
    expect((await other.client.data(IMPORT, { id: mine.body.id })).node).toBeNull()
    expect((await apply(other.client, mine.body.id)).code).toBe('NOT_FOUND')
  })

  it('sends the first message to the employees shown and explains each failure (this platform’s bot)', async () => {
    const { tenant, domain, members, client, sales } = await setUp()
    const [a, b, c, d] = members
    if (!a || !b || !c || !d) throw new Error('members missing')
    const elsewhere = await ctx.db.prisma.domain.create({ data: { tenantId: tenant.id, name: `far-${domain.name}`, displayName: 'Far', lwDomainId: await allocateLwDomainId(ctx.db.prisma) } })
    const [far] = await createMembers(ctx, tenant, elsewhere, 1, 'far')
    const bot = (
      await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
        input: { name: 'Attendance', description: 'a', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [gid('Member', a.id)] },
      })
    ).createBot.bot.id
    await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, { input: { id: bot, domainId: gid('Domain', domain.id), visibility: 'ALL' } })
    const send = `mutation($input: MutationSendAttendanceFirstMessageInput!) { sendAttendanceFirstMessage(input: $input) { __typename
      ... on MutationSendAttendanceFirstMessageSuccess { report { sent failed results { employee { loginId } sent failure detail } } } ... on ValidationError { fieldErrors { code } } ... on Error { message } } }`
    expect((await client.data(send, { input: {} })).sendAttendanceFirstMessage).toMatchObject({ message: 'linkage: Turn the time-recording linkage on first', fieldErrors: [{ code: 'linkage_off' }] })
    await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, { input: { acceptTerms: true, mode: 'PLATFORM', botId: bot } })
    await importCsv(client, `login_id,account_id\n${a.loginId},${a.loginId}\n${b.loginId},nobody@nowhere\n${c.loginId},${far?.loginId}\n`)
    await ctx.db.prisma.member.update({ where: { id: d.id }, data: { status: 'SUSPENDED' } })
    await importCsv(client, `login_id,account_id\n${d.loginId},${d.userId}\n`)

    const report = (await client.data(send, { input: {} })).sendAttendanceFirstMessage.report
    expect(report).toMatchObject({ sent: 1, failed: 3 })
    expect(report.results.map((row: { employee: { loginId: string }; failure: string | null }) => [row.employee.loginId, row.failure])).toEqual([
      [a.loginId, null],
      [b.loginId, 'ACCOUNT_NOT_FOUND'],
      [c.loginId, 'BOT_NOT_IN_DOMAIN'],
      [d.loginId, 'SUSPENDED'],
    ])
    const message = await ctx.db.prisma.talkMessage.findFirstOrThrow({ where: { tenantId: tenant.id, room: { memberId: a.id } } })
    expect(message.content).toMatchObject({ type: 'text', quickReply: { items: [{ action: { data: 'stamp=CLOCK_IN' } }, { action: { data: 'stamp=TODAY' } }] } })
    // Only the department shown.
    const salesOnly = (await client.data(send, { input: { orgUnitId: gid('OrgUnit', sales.id) } })).sendAttendanceFirstMessage.report
    expect(salesOnly.results.map((row: { employee: { loginId: string } }) => row.employee.loginId)).toEqual([a.loginId, b.loginId])
  })
})
