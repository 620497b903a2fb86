import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, type TestClient, useTestApp } from '../../test/harness.ts'
import { allocateLwDomainId } from '../services/domains.ts'

const ctx = useTestApp()

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')

const EMPLOYEES = `query($orgUnitId: ID, $linked: Boolean, $first: Int, $after: ID) { attendanceEmployees(orgUnitId: $orgUnitId, linked: $linked, first: $first, after: $after) {
  totalCount linkedCount hasMore employees { id loginId accountId orgUnitName } } }`

async function upload(client: TestClient, csv: string, dryRun: boolean) {
  const response = await client.request(`/api/attendance/accounts.csv${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
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
    const taken = await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { ... on ValidationError { fieldErrors { path message } } } }`, {
      input: { memberId: gid('Member', members[1]?.id ?? ''), accountId: 'taro@example.com' },
    })
    expect(taken.setAttendanceAccount.fieldErrors).toEqual([{ path: ['accountId'], message: 'Another employee already uses this account id' }])
    const membersOnly = await createAdmin(ctx, tenant.id, { members: 'EDIT' })
    expect((await membersOnly.client.gql(EMPLOYEES, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  it('imports account ids from CSV: dry run, row errors change nothing, applying twice changes nothing more, swaps work; exports them', async () => {
    const { members, client, tenant } = await setUp()
    const [a, b, c] = members
    if (!a || !b || !c) throw new Error('members missing')
    const bad = await upload(client, `login_id,account_id\n${a.loginId},one\nnobody@x.example,two\n${b.loginId},one\n${a.loginId},three\n`, false)
    expect(bad.body).toMatchObject({ dryRun: true, rows: 4, changed: 1 })
    expect(bad.body.errors).toEqual([
      { line: 3, loginId: 'nobody@x.example', message: 'No member has this login id' },
      { line: 4, loginId: b.loginId, message: `account_id one is also given to ${a.loginId}` },
      { line: 5, loginId: a.loginId, message: 'This login id appears twice in the file' },
    ])
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(0)

    const csv = `\uFEFFlogin_id,account_id\n${a.loginId},ONE\n${b.loginId},two\n${c.loginId},\n`
    expect((await upload(client, csv, true)).body).toEqual({ dryRun: true, rows: 3, changed: 2, unchanged: 1, errors: [] })
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect((await upload(client, csv, false)).body).toEqual({ dryRun: false, rows: 3, changed: 2, unchanged: 1, errors: [] })
    expect((await upload(client, csv, false)).body).toMatchObject({ changed: 0, unchanged: 3 })
    // Swapping two employees' account ids in one file is fine.
    expect((await upload(client, `login_id,account_id\n${a.loginId},two\n${b.loginId},one\n`, false)).body).toMatchObject({ changed: 2, errors: [] })
    // Taking an account id someone keeps is not.
    const clash = await upload(client, `login_id,account_id\n${c.loginId},one\n`, false)
    expect(clash.body.errors).toEqual([{ line: 2, loginId: c.loginId, message: `account_id one already belongs to ${b.loginId}` }])

    const exported = await client.request('/api/attendance/accounts.csv')
    const text = await exported.text()
    expect(text.split('\n')[0]).toContain('login_id,family_name,given_name,department,employment_type,account_id')
    expect(text).toContain(`${a.loginId},山田,emp1,Sales,,two`)
    expect((await upload(client, 'name,x\nfoo,bar\n', true)).body.fieldErrors).toEqual([{ path: ['file'], code: 'custom', message: 'The header must have login_id and account_id columns' }])
    const viewer = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    expect((await upload(viewer.client, csv, false)).status).toBe(403)
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
      ... on MutationSendAttendanceFirstMessageSuccess { report { sent failed results { employee { loginId } sent failure detail } } } ... on Error { message } } }`
    expect((await client.data(send, { input: {} })).sendAttendanceFirstMessage.message).toBe('Turn the time-recording linkage on first')
    await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, { input: { acceptTerms: true, mode: 'PLATFORM', botId: bot } })
    await upload(client, `login_id,account_id\n${a.loginId},${a.loginId}\n${b.loginId},nobody@nowhere\n${c.loginId},${far?.loginId}\n`, false)
    await ctx.db.prisma.member.update({ where: { id: d.id }, data: { status: 'SUSPENDED' } })
    await upload(client, `login_id,account_id\n${d.loginId},${d.userId}\n`, false)

    const report = (await client.data(send, { input: {} })).sendAttendanceFirstMessage.report
    expect(report).toMatchObject({ sent: 1, failed: 3 })
    expect(report.results.map((row: { employee: { loginId: string }; failure: string | null }) => [row.employee.loginId, row.failure])).toEqual([
      [a.loginId, null],
      [b.loginId, 'ACCOUNT_NOT_FOUND'],
      [c.loginId, 'BOT_NOT_IN_DOMAIN'],
      [d.loginId, 'SUSPENDED'],
    ])
    const message = await ctx.db.prisma.talkMessage.findFirstOrThrow({ where: { tenantId: tenant.id, room: { memberId: a.id } } })
    expect(message.content).toMatchObject({ type: 'text', quickReply: { items: [{ action: { data: 'stamp=CLOCK_IN' } }] } })
    // Only the department shown.
    const salesOnly = (await client.data(send, { input: { orgUnitId: gid('OrgUnit', sales.id) } })).sendAttendanceFirstMessage.report
    expect(salesOnly.results.map((row: { employee: { loginId: string } }) => row.employee.loginId)).toEqual([a.loginId, b.loginId])
  })
})
