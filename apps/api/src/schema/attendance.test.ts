import readXlsxFile from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const jst = (date: string, time: string) => new Date(`${date}T${time}:00+09:00`)

const TIMESHEET = `query($memberId: ID!, $month: String!) { attendanceTimesheet(memberId: $memberId, month: $month) {
  month workedMinutes breakMinutes workedDays anomalyDays
  days { date clockIn clockOut breakMinutes workedMinutes anomalies stamps { id kind stampedAt voided createdBy reason } } } }`
const CORRECT = `mutation($input: MutationCorrectAttendanceStampInput!) { correctAttendanceStamp(input: $input) {
  __typename ... on MutationCorrectAttendanceStampSuccess { stamp { kind workDate reason createdBy } }
  ... on ValidationError { fieldErrors { path code message } } ... on Error { code message } } }`

async function setUp() {
  const made = await createTenant(ctx)
  const [employee] = await createMembers(ctx, made.tenant, made.domain, 1, 'sheet')
  if (!employee) throw new Error('member missing')
  const stamp = (kind: 'CLOCK_IN' | 'CLOCK_OUT' | 'BREAK_START' | 'BREAK_END', date: string, time: string) =>
    ctx.db.prisma.attendanceStamp.create({
      data: { tenantId: made.tenant.id, memberId: employee.id, kind, stampedAt: jst(date, time), workDate: date, createdBy: 'bot', sourceText: kind },
    })
  await stamp('CLOCK_IN', '2026-10-01', '09:00')
  await stamp('BREAK_START', '2026-10-01', '12:00')
  await stamp('BREAK_END', '2026-10-01', '13:00')
  await stamp('CLOCK_OUT', '2026-10-01', '18:30')
  await stamp('CLOCK_IN', '2026-10-02', '08:45')
  return { ...made, employee, stamp }
}

describe('timesheets and corrections', () => {
  it('show each day’s first in, last out, breaks, worked time and anomalies, with month totals', async () => {
    const { client, employee } = await setUp()
    const sheet = (await client.data(TIMESHEET, { memberId: gid('Member', employee.id), month: '2026-10' })).attendanceTimesheet
    expect(sheet).toMatchObject({ month: '2026-10', workedMinutes: 510, breakMinutes: 60, workedDays: 2, anomalyDays: 1 })
    // Every day of the month, in order; days without stamps are empty.
    expect(sheet.days).toHaveLength(31)
    expect(sheet.days.map((day: { date: string }) => day.date)).toEqual(Array.from({ length: 31 }, (_, index) => `2026-10-${String(index + 1).padStart(2, '0')}`))
    expect(sheet.days.slice(0, 3).map((day: Record<string, unknown>) => [day.date, day.clockIn === null, day.workedMinutes, day.anomalies])).toEqual([
      ['2026-10-01', false, 510, []],
      ['2026-10-02', false, null, ['MISSING_CLOCK_OUT']],
      ['2026-10-03', true, null, []],
    ])
    expect(sheet.days[2]).toMatchObject({ clockOut: null, breakMinutes: 0, stamps: [] })
    const february = (await client.data(TIMESHEET, { memberId: gid('Member', employee.id), month: '2028-02' })).attendanceTimesheet
    expect([february.days.length, february.days.at(-1).date, february.workedDays]).toEqual([29, '2028-02-29', 0])
    const bad = await client.gql(TIMESHEET, { memberId: gid('Member', employee.id), month: '2026-13' })
    expect(bad.errors?.[0]?.message).toContain('Write the month as YYYY-MM')
  })

  it('corrects with a reason: add the missing clock-out, replace a stamp, void one; nothing is deleted and all is audited', async () => {
    const { client, employee, tenant } = await setUp()
    const memberId = gid('Member', employee.id)
    const noReason = await client.data(CORRECT, { input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', at: jst('2026-10-02', '17:45').toISOString(), reason: '  ' } })
    expect(noReason.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['reason'], code: 'required', message: 'Write why the stamp is corrected' }])
    const noTime = await client.data(CORRECT, { input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', reason: 'x' } })
    expect(noTime.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['at'], code: 'required', message: 'Required' }])
    const long = await client.data(CORRECT, { input: { memberId, action: 'VOID', stampId: null, reason: 'x'.repeat(501) } })
    expect(long.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['reason'], code: 'too_big', message: 'At most 500 characters' }])
    const noStamp = await client.data(CORRECT, { input: { memberId, action: 'VOID', reason: 'x' } })
    expect(noStamp.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['stampId'], code: 'required', message: 'Choose the stamp to correct' }])
    const future = await client.data(CORRECT, { input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', at: new Date(Date.now() + 3600_000).toISOString(), reason: 'x' } })
    expect(future.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['at'], code: 'future', message: 'A stamp cannot be in the future' }])
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(5)

    const added = await client.data(CORRECT, {
      input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', at: jst('2026-10-02', '17:45').toISOString(), reason: 'Forgot to clock out' },
    })
    expect(added.correctAttendanceStamp.stamp).toMatchObject({ kind: 'CLOCK_OUT', workDate: '2026-10-02', reason: 'Forgot to clock out' })
    let sheet = (await client.data(TIMESHEET, { memberId, month: '2026-10' })).attendanceTimesheet
    expect(sheet.days[1]).toMatchObject({ workedMinutes: 540, anomalies: [] })

    const clockIn = sheet.days[0].stamps[0]
    // A replacement identical to the stamp is refused and changes nothing (it voided the original).
    const same = await client.data(CORRECT, { input: { memberId, action: 'REPLACE', stampId: clockIn.id, kind: clockIn.kind, at: clockIn.stampedAt, reason: 'Nothing' } })
    expect(same.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['at'], code: 'unchanged', message: 'The replacement is the same as the stamp: change its time or kind' }])
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id, voidedAt: { not: null } } })).toBe(0)
    await client.data(CORRECT, { input: { memberId, action: 'REPLACE', stampId: clockIn.id, kind: 'CLOCK_IN', at: jst('2026-10-01', '08:30').toISOString(), reason: 'Came early' } })
    const breakStart = sheet.days[0].stamps.find((stamp: { kind: string }) => stamp.kind === 'BREAK_START')
    await client.data(CORRECT, { input: { memberId, action: 'VOID', stampId: breakStart.id, reason: 'No break that day' } })
    const again = await client.data(CORRECT, { input: { memberId, action: 'VOID', stampId: breakStart.id, reason: 'twice' } })
    expect(again.correctAttendanceStamp.fieldErrors).toEqual([{ path: ['stampId'], code: 'already_corrected', message: 'This stamp was already corrected' }])

    sheet = (await client.data(TIMESHEET, { memberId, month: '2026-10' })).attendanceTimesheet
    // 08:30-18:30 with the break voided: the lone break end is out of sequence, so it is flagged.
    expect(sheet.days[0]).toMatchObject({ breakMinutes: 0, workedMinutes: 600, anomalies: ['OUT_OF_SEQUENCE'] })
    expect(sheet.days[0].stamps.map((stamp: { kind: string; voided: boolean }) => [stamp.kind, stamp.voided])).toEqual([
      ['CLOCK_IN', false],
      ['CLOCK_IN', true],
      ['BREAK_START', true],
      ['BREAK_END', false],
      ['CLOCK_OUT', false],
    ])
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'ATTENDANCE' }, orderBy: { seq: 'asc' } })
    expect(audit.map((entry) => [entry.action, (entry.after as { reason: string }).reason])).toEqual([
      ['attendance.stamp.add', 'Forgot to clock out'],
      ['attendance.stamp.replace', 'Came early'],
      ['attendance.stamp.void', 'No break that day'],
    ])
  })

  it('needs attendance authority, and never reaches another tenant’s employees', async () => {
    const { tenant, employee } = await setUp()
    const viewer = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    const memberId = gid('Member', employee.id)
    expect((await viewer.client.data(TIMESHEET, { memberId, month: '2026-10' })).attendanceTimesheet.workedDays).toBe(2)
    const refused = await viewer.client.data(CORRECT, { input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', at: jst('2026-10-02', '17:00').toISOString(), reason: 'x' } })
    expect(refused.correctAttendanceStamp.code).toBe('FORBIDDEN')
    const none = await createAdmin(ctx, tenant.id, { members: 'VIEW' })
    expect((await none.client.gql(TIMESHEET, { memberId, month: '2026-10' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const other = await createTenant(ctx)
    expect((await other.client.gql(TIMESHEET, { memberId, month: '2026-10' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    const foreign = await other.client.data(CORRECT, { input: { memberId, action: 'ADD', kind: 'CLOCK_OUT', at: jst('2026-10-02', '17:00').toISOString(), reason: 'x' } })
    expect(foreign.correctAttendanceStamp.code).toBe('NOT_FOUND')
  })

  it('keeps words unique within the tenant, always one per stamp, and checks template placeholders, each refusal with its code', async () => {
    const { client } = await createTenant(ctx)
    const add = (kind: string, word: string) =>
      client.data(`mutation($input: MutationAddAttendanceWordInput!) { addAttendanceWord(input: $input) { __typename ... on MutationAddAttendanceWordSuccess { word { id word } } ... on ValidationError { fieldErrors { path code message } } ... on Error { code message } } }`, { input: { kind, word } })
    const first = await add('CLOCK_IN', '出社')
    expect(first.addAttendanceWord.word.word).toBe('出社')
    expect((await add('CLOCK_OUT', ' 出社 ')).addAttendanceWord.fieldErrors).toEqual([{ path: ['word'], code: 'duplicate', message: '“出社” already means Clock in: a word can mean one thing only' }])
    expect((await add('CLOCK_IN', 'ｼｭｯｼｬ')).addAttendanceWord.__typename).toBe('MutationAddAttendanceWordSuccess')
    expect((await add('CLOCK_IN', 'シュッシャ')).addAttendanceWord.fieldErrors).toEqual([{ path: ['word'], code: 'duplicate', message: '“ｼｭｯｼｬ” is already a word for Clock in' }])
    expect((await add('TODAY', '   ')).addAttendanceWord.fieldErrors).toEqual([{ path: ['word'], code: 'required', message: 'Required' }])
    expect((await add('TODAY', 'two\nlines')).addAttendanceWord.fieldErrors).toEqual([{ path: ['word'], code: 'line_break', message: 'Line breaks are not allowed' }])
    expect((await add('TODAY', 'x'.repeat(51))).addAttendanceWord.fieldErrors).toEqual([{ path: ['word'], code: 'too_big', message: 'At most 50 characters' }])
    const onlyOut = await add('CLOCK_OUT', '帰ります')
    const removed = await client.data(`mutation($input: MutationRemoveAttendanceWordInput!) { removeAttendanceWord(input: $input) { __typename ... on ValidationError { fieldErrors { path code message } } } }`, {
      input: { id: onlyOut.addAttendanceWord.word.id },
    })
    expect(removed.removeAttendanceWord.fieldErrors).toEqual([{ path: ['id'], code: 'last_word', message: '“帰ります” is the last word for Clock out: add another one first' }])

    const set = (key: string, text: string | null) =>
      client.data(`mutation($input: MutationSetAttendanceTemplateInput!) { setAttendanceTemplate(input: $input) { __typename ... on MutationSetAttendanceTemplateSuccess { template { text custom } } ... on ValidationError { fieldErrors { path code message } } } }`, { input: { language: 'en', key, text } })
    expect((await set('stamped', '{name} did {stamp} at {time} in {place}')).setAttendanceTemplate.fieldErrors).toEqual([
      { path: ['text'], code: 'unknown_placeholder', message: 'Unknown placeholder {place}. This text may use: {name}, {stamp}, {time}' },
    ])
    expect((await set('stamped', '  ')).setAttendanceTemplate.fieldErrors).toEqual([{ path: ['text'], code: 'required', message: 'Required' }])
    expect((await set('stamped', 'x'.repeat(1001))).setAttendanceTemplate.fieldErrors).toEqual([{ path: ['text'], code: 'too_big', message: 'At most 1000 characters' }])
    expect((await set('nonsense', 'x')).setAttendanceTemplate.fieldErrors).toEqual([{ path: ['key'], code: 'unknown_template', message: 'Unknown template' }])
    expect((await set('stamped', 'Got it, {name}: {stamp} {time}')).setAttendanceTemplate.template).toEqual({ text: 'Got it, {name}: {stamp} {time}', custom: true })
    expect((await set('stamped', null)).setAttendanceTemplate.template).toEqual({ text: '{name}, {stamp} recorded at {time}.', custom: false })
  })

  it('names the linkage’s bot to admins with attendance authority only (no bots authority)', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [manager] = await createMembers(ctx, tenant, domain, 1, 'boss')
    const bot = (
      await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } } }`, {
        input: { name: '勤怠ボット', description: 'a', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [gid('Member', manager?.id ?? '')] },
      })
    ).createBot.bot
    await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, { input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id } })
    const clerk = await createAdmin(ctx, tenant.id, { attendance: 'VIEW' })
    expect((await clerk.client.data('{ attendanceLinkage { mode bot { id botId name } } }')).attendanceLinkage).toEqual({ mode: 'PLATFORM', bot: { id: bot.id, botId: bot.botId, name: '勤怠ボット' } })
  })

  it('exports a department’s month as CSV and XLSX, corrections applied', async () => {
    const { client, employee, tenant, stamp } = await setUp()
    const voided = await stamp('BREAK_START', '2026-10-03', '10:00')
    await ctx.db.prisma.attendanceStamp.update({ where: { id: voided.id }, data: { voidedAt: new Date() } })
    const sales = await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: employee.domainId, name: 'Sales' } })
    await ctx.db.prisma.member.update({ where: { id: employee.id }, data: { orgUnitId: sales.id } })
    const csv = await (await client.request(`/api/attendance/timesheets.csv?month=2026-10&orgUnitId=${encodeURIComponent(gid('OrgUnit', sales.id))}`)).text()
    expect(csv.replace(/^\uFEFF/, '').trim().split('\n')).toEqual([
      'login_id,family_name,given_name,department,employment_type,date,clock_in,clock_out,break_minutes,worked_minutes,anomalies',
      `${employee.loginId},山田,sheet1,Sales,,2026-10-01,09:00,18:30,60,510,`,
      `${employee.loginId},山田,sheet1,Sales,,2026-10-02,08:45,,0,,MISSING_CLOCK_OUT`,
    ])
    const response = await client.request('/api/attendance/timesheets.xlsx?month=2026-10')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="timesheets-2026-10.xlsx"')
    const sheets = await readXlsxFile(Buffer.from(await response.arrayBuffer()))
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['2026-10', 'totals'])
    expect(sheets[0]?.data.slice(1).map((row) => [row[5], row[6], row[7], row[9]])).toEqual([
      ['2026-10-01', '09:00', '18:30', 510],
      ['2026-10-02', '08:45', null, null],
    ])
    expect(sheets[1]?.data[1]).toEqual([employee.loginId, '山田', 'sheet1', 'Sales', 510, 60, 2, 1])
    const otherDepartment = await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: employee.domainId, name: 'Empty' } })
    const empty = await (await client.request(`/api/attendance/timesheets.csv?month=2026-10&orgUnitId=${encodeURIComponent(gid('OrgUnit', otherDepartment.id))}`)).text()
    expect(empty.trim().split('\n')).toHaveLength(1)
    expect((await client.request('/api/attendance/timesheets.csv?month=October')).status).toBe(400)
  })
})
