import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import type { ClaimedJob, JobControls } from '../jobs/worker.ts'
import { attendanceEventHandler, storeEvent } from './attendance-inbox.ts'

// Event processing in batches, driven directly (no worker): what one claim of many queued events does.
const ctx = useTestApp()

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const controls: JobControls = { heartbeat: async () => {}, stopping: () => false }

async function setUp() {
  const { tenant, domain, client } = await createTenant(ctx)
  const members = await createMembers(ctx, tenant, domain, 4, 'batch')
  const bot = (
    await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
      input: {
        name: '勤怠',
        description: 'attendance',
        callbackEnabled: false,
        messageTypes: ['text'],
        roomEvents: [],
        allowGroupJoin: false,
        managerIds: [gid('Member', members[0]?.id ?? '')],
      },
    })
  ).createBot.bot as { id: string }
  await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: { id: bot.id, domainId: gid('Domain', domain.id), visibility: 'ALL' },
  })
  await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, {
    input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id },
  })
  // Three employees are linked (by login id); the fourth member is not.
  for (const member of members.slice(0, 3)) {
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', member.id), accountId: member.loginId },
    })
  }
  const linkage = await ctx.db.prisma.attendanceLinkage.findUniqueOrThrow({ where: { tenantId: tenant.id } })
  const botRow = await ctx.db.prisma.bot.findFirstOrThrow({ where: { tenantId: tenant.id } })
  let sequence = 0
  const send = (userId: string, text: string) =>
    storeEvent(
      ctx.db.prisma,
      linkage,
      JSON.stringify({ type: 'message', source: { userId, domainId: domain.lwDomainId }, issuedTime: new Date(Date.now() + sequence++).toISOString(), content: { type: 'text', text } }),
    )
  const queued = async (): Promise<ClaimedJob<'attendance.event'>[]> =>
    (await ctx.db.prisma.job.findMany({ where: { tenantId: tenant.id, kind: 'attendance.event', status: 'QUEUED' }, orderBy: { createdAt: 'asc' } })).map((job) => ({
      id: job.id,
      kind: 'attendance.event',
      payload: job.payload as { eventId: string },
      attempts: 1,
      maxAttempts: job.maxAttempts,
      tenantId: job.tenantId,
    }))
  const talkOf = async (memberId: string) =>
    (
      await ctx.db.prisma.talkMessage.findMany({
        where: { room: { botId: botRow.id, memberId } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
    ).map((message) => (message.content as { text: string }).text)
  return { tenant, members: members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]], linkage, send, queued, talkOf }
}

describe('attendance events processed in batches', () => {
  it('applies one employee’s events in the order received, each with at most one stamp and exactly one reply', async () => {
    const { tenant, members, send, queued, talkOf, linkage } = await setUp()
    const [first, second, third, unlinked] = members
    await send(first.userId, '出勤')
    await send(second.userId, '退勤')
    await send(first.userId, '休憩開始')
    await send(third.userId, 'おはよう')
    await send(first.userId, '休憩終了')
    await send(unlinked.userId, '出勤')
    await send(second.userId, '出勤')
    await send(first.userId, '退勤')
    await send(first.userId, '今日')
    await storeEvent(ctx.db.prisma, linkage, '{"type": "message", ')
    const jobs = await queued()
    expect(jobs).toHaveLength(10)

    const handler = attendanceEventHandler({ prisma: ctx.db.prisma, bots: ctx.services.bots })
    expect(await handler.runBatch(jobs, controls)).toEqual(jobs.map(() => ({ done: true })))

    const stamps = await ctx.db.prisma.attendanceStamp.findMany({ where: { tenantId: tenant.id }, orderBy: { stampedAt: 'asc' } })
    expect(stamps.map((stamp) => [stamp.memberId, stamp.kind])).toEqual([
      [first.id, 'CLOCK_IN'],
      [first.id, 'BREAK_START'],
      [first.id, 'BREAK_END'],
      [second.id, 'CLOCK_IN'],
      [first.id, 'CLOCK_OUT'],
    ])
    expect(await talkOf(first.id)).toEqual([
      expect.stringMatching(/出勤を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/休憩開始を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/休憩終了を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/退勤を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/^山田さんの今日の打刻: 出勤 \d\d:\d\d、休憩開始 \d\d:\d\d、休憩終了 \d\d:\d\d、退勤 \d\d:\d\d$/),
    ])
    expect(await talkOf(second.id)).toEqual([expect.stringMatching(/^山田さん、まだ出勤していません/), expect.stringMatching(/出勤を \d\d:\d\d に記録しました。$/)])
    expect(await talkOf(third.id)).toEqual(['「出勤」「退勤」「休憩開始」「休憩終了」、または「今日」を送ってください。'])
    // A member who is not an employee is answered in their talk too.
    expect(await talkOf(unlinked.id)).toEqual([expect.stringMatching(/^このアカウントは勤怠の従業員に登録されていません/)])

    const events = await ctx.db.prisma.attendanceEvent.findMany({ where: { tenantId: tenant.id }, include: { reply: true }, orderBy: { receivedAt: 'asc' } })
    expect(events.map((event) => [event.status, event.note, event.reply?.attempts ?? null])).toEqual([
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'unlinked', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['IGNORED', 'The body is not a JSON object', null],
    ])

    // The same jobs again (a worker that crashed after the commit): nothing changes.
    expect(await handler.runBatch(jobs, controls)).toEqual(jobs.map(() => ({ done: true })))
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(5)
    expect(await ctx.db.prisma.attendanceReply.count({ where: { tenantId: tenant.id } })).toBe(9)
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(9)
  })

  it('processes the rest of a batch one by one when one job spoils it, and retries only that one', async () => {
    const { tenant, members, send, queued } = await setUp()
    await send(members[0].userId, '出勤')
    await send(members[1].userId, '出勤')
    const jobs = await queued()
    const broken: ClaimedJob<'attendance.event'> = { ...(jobs[0] as ClaimedJob<'attendance.event'>), id: 'broken', payload: { eventId: 'not-a-uuid' } }
    const handler = attendanceEventHandler({ prisma: ctx.db.prisma, bots: ctx.services.bots })
    const outcomes = await handler.runBatch([jobs[0], broken, jobs[1]] as ClaimedJob<'attendance.event'>[], controls)
    expect(outcomes.map((outcome) => outcome.done)).toEqual([true, false, true])
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(2)
    expect(await ctx.db.prisma.attendanceEvent.count({ where: { tenantId: tenant.id, status: 'PENDING' } })).toBe(0)
  })
})
