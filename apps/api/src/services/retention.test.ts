import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { pruneOnce, startPruning } from './retention.ts'

const ctx = useTestApp()

const DAY = 24 * 3_600_000
const policy = { jobHours: 24, failedJobDays: 30, deliveryDays: 30 }

async function botOf(client: Awaited<ReturnType<typeof createTenant>>['client'], managerId: string) {
  const created = await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
    input: { name: 'Pruned', description: 'x', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [managerId] },
  })
  return Buffer.from(created.createBot.bot.id, 'base64').toString().split(':')[1] as string
}

describe('retention', () => {
  it('deletes finished jobs and settled deliveries past their age, and nothing that is queued, running, pending or recent', async () => {
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
    const audit = await ctx.db.prisma.auditEntry.count()

    expect(await pruneOnce(ctx.db.prisma, policy, now)).toEqual({ jobs: 1, failedJobs: 1, deliveries: 2 })
    const jobsLeft = await ctx.db.prisma.job.findMany({ where: { id: { in: [...gone, ...kept].map((row) => row.id) } }, select: { id: true } })
    expect(jobsLeft.map((row) => row.id).sort()).toEqual(kept.map((row) => row.id).sort())
    const deliveriesLeft = await ctx.db.prisma.botDelivery.findMany({ where: { id: { in: [...goneDeliveries, ...keptDeliveries].map((row) => row.id) } }, select: { id: true } })
    expect(deliveriesLeft.map((row) => row.id).sort()).toEqual(keptDeliveries.map((row) => row.id).sort())
    expect(await ctx.db.prisma.auditEntry.count()).toBe(audit)
    // A second round finds nothing more.
    expect(await pruneOnce(ctx.db.prisma, policy, now)).toEqual({ jobs: 0, failedJobs: 0, deliveries: 0 })
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
