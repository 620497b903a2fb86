import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { pruneOnce, startPruning } from './retention.ts'

const ctx = useTestApp()

const DAY = 24 * 3_600_000
const policy = { jobHours: 24, failedJobDays: 30, deliveryDays: 30, eventDays: 7 }

async function botOf(client: Awaited<ReturnType<typeof createTenant>>['client'], managerId: string) {
  const created = await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
    input: { name: 'Pruned', description: 'x', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [managerId] },
  })
  return Buffer.from(created.createBot.bot.id, 'base64').toString().split(':')[1] as string
}

describe('retention', () => {
  it('deletes finished jobs, settled deliveries and handled webhook events past their age, and nothing that is queued, running, pending or recent', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [manager] = await createMembers(ctx, tenant, domain, 1, 'keeper')
    const botId = await botOf(client, Buffer.from(`Member:${manager?.id}`).toString('base64'))
    const now = new Date()
    const ago = (ms: number) => new Date(now.getTime() - ms)
    const job = (status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED', age: number, finished = status === 'DONE' || status === 'FAILED') =>
      ctx.db.prisma.job.create({
        data: { kind: 'bot.callback', payload: { deliveryId: 'x' }, status, tenantId: tenant.id, runAt: ago(age), createdAt: ago(age), finishedAt: finished ? ago(age - 1000) : null },
      })
    const delivery = (status: 'PENDING' | 'SUCCEEDED' | 'FAILED', age: number) =>
      ctx.db.prisma.botDelivery.create({ data: { tenantId: tenant.id, botId, event: 'message', body: '{}', status, createdAt: ago(age) } })
    const gone = [await job('DONE', 2 * DAY), await job('FAILED', 40 * DAY)]
    const kept = [await job('DONE', 3_600_000), await job('FAILED', 10 * DAY), await job('QUEUED', 40 * DAY), await job('RUNNING', 40 * DAY)]
    const goneDeliveries = [await delivery('SUCCEEDED', 40 * DAY), await delivery('FAILED', 31 * DAY)]
    const keptDeliveries = [await delivery('PENDING', 40 * DAY), await delivery('SUCCEEDED', 29 * DAY)]

    // Attendance events: processed and ignored ones past 7 days go (with their replies); their stamps stay.
    const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
    await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, {
      input: { acceptTerms: true, mode: 'PLATFORM', botId: gid('Bot', botId) },
    })
    const linkage = await ctx.db.prisma.attendanceLinkage.findUniqueOrThrow({ where: { tenantId: tenant.id } })
    const event = (status: 'PENDING' | 'PROCESSED' | 'IGNORED', age: number) =>
      ctx.db.prisma.attendanceEvent.create({ data: { tenantId: tenant.id, linkageId: linkage.id, eventKey: `${status}-${age}-${Math.random()}`, body: '{}', status, receivedAt: ago(age) } })
    const stamped = await event('PROCESSED', 8 * DAY)
    const goneEvents = [stamped, await event('IGNORED', 8 * DAY)]
    const keptEvents = [await event('PENDING', 8 * DAY), await event('PROCESSED', 6 * DAY)]
    const stamp = await ctx.db.prisma.attendanceStamp.create({
      data: { tenantId: tenant.id, memberId: manager?.id ?? '', kind: 'CLOCK_IN', stampedAt: ago(8 * DAY), workDate: '2026-11-29', sourceEventId: stamped.id, sourceText: '出勤', createdBy: 'bot' },
    })
    await ctx.db.prisma.attendanceReply.create({ data: { tenantId: tenant.id, eventId: stamped.id, userId: 'u', content: { type: 'text', text: 'ok' }, sentAt: ago(8 * DAY) } })
    const audit = await ctx.db.prisma.auditEntry.count()

    expect(await pruneOnce(ctx.db.prisma, policy, now)).toEqual({ jobs: 1, failedJobs: 1, deliveries: 2, events: 2 })
    const eventsLeft = await ctx.db.prisma.attendanceEvent.findMany({ where: { id: { in: [...goneEvents, ...keptEvents].map((row) => row.id) } }, select: { id: true } })
    expect(eventsLeft.map((row) => row.id).sort()).toEqual(keptEvents.map((row) => row.id).sort())
    expect(await ctx.db.prisma.attendanceStamp.findUniqueOrThrow({ where: { id: stamp.id } })).toMatchObject({ sourceEventId: null, sourceText: '出勤' })
    expect(await ctx.db.prisma.attendanceReply.count({ where: { eventId: stamped.id } })).toBe(0)
    const jobsLeft = await ctx.db.prisma.job.findMany({ where: { id: { in: [...gone, ...kept].map((row) => row.id) } }, select: { id: true } })
    expect(jobsLeft.map((row) => row.id).sort()).toEqual(kept.map((row) => row.id).sort())
    const deliveriesLeft = await ctx.db.prisma.botDelivery.findMany({ where: { id: { in: [...goneDeliveries, ...keptDeliveries].map((row) => row.id) } }, select: { id: true } })
    expect(deliveriesLeft.map((row) => row.id).sort()).toEqual(keptDeliveries.map((row) => row.id).sort())
    expect(await ctx.db.prisma.auditEntry.count()).toBe(audit)
    // A second round finds nothing more.
    expect(await pruneOnce(ctx.db.prisma, policy, now)).toEqual({ jobs: 0, failedJobs: 0, deliveries: 0, events: 0 })
  })

  it('works through a backlog in bounded batches, one round after another, and stops when asked', async () => {
    const { tenant } = await createTenant(ctx)
    const old = new Date(Date.now() - 3 * DAY)
    await ctx.db.prisma.job.createMany({
      data: Array.from({ length: 25 }, () => ({ kind: 'bot.callback', payload: { deliveryId: 'x' }, status: 'DONE' as const, tenantId: tenant.id, runAt: old, createdAt: old, finishedAt: old })),
    })
    const failures: unknown[] = []
    const pruning = startPruning(ctx.db.prisma, policy, { intervalMs: 20, batch: 10, onError: (error) => failures.push(error) })
    const left = () => ctx.db.prisma.job.count({ where: { tenantId: tenant.id } })
    for (let waited = 0; (await left()) > 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    await pruning.stop()
    expect(await left()).toBe(0)
    expect(failures).toEqual([])
    // Bounded: one statement never deletes more than the batch.
    await ctx.db.prisma.job.createMany({
      data: Array.from({ length: 5 }, () => ({ kind: 'bot.callback', payload: { deliveryId: 'x' }, status: 'DONE' as const, tenantId: tenant.id, runAt: old, createdAt: old, finishedAt: old })),
    })
    expect((await pruneOnce(ctx.db.prisma, policy, new Date(), 3)).jobs).toBe(3)
    expect(await left()).toBe(2)
  })
})
