import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/database.ts'
import { deferred } from '../../test/deferred.ts'
import { enqueueJob } from './queue.ts'
import { JobWorker } from './worker.ts'

describe('JobWorker', () => {
  let test: TestDatabase
  beforeAll(async () => {
    test = await createTestDatabase()
  })
  afterAll(() => test.drop())

  it('runs up to `concurrency` jobs at once, each exactly once, and stops cleanly', async () => {
    const prisma = test.db.prisma
    await prisma.$transaction(async (tx) => {
      for (let index = 0; index < 9; index += 1) await enqueueJob(tx, 'bot.callback', { deliveryId: `d${index}` })
    })
    // The first jobs wait at a gate until `concurrency` of them run at once, so the count is exact
    // however fast the machine is; then every job goes through.
    const gate = deferred()
    const allSeen = deferred()
    let inFlight = 0
    let most = 0
    const seen: string[] = []
    const worker = new JobWorker(
      test.db,
      {
        'bot.callback': async (job) => {
          inFlight += 1
          most = Math.max(most, inFlight)
          seen.push(job.payload.deliveryId)
          if (inFlight === 3) gate.resolve()
          if (seen.length === 9) allSeen.resolve()
          await gate.promise
          inFlight -= 1
          return 'done'
        },
      },
      { concurrency: 3, pollMs: 20 },
    )
    worker.start()
    await allSeen.promise
    // Stopping lets the running jobs finish and be recorded as done.
    await worker.stop()
    expect([...seen].sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'])
    expect(most).toBe(3)
    expect(await prisma.job.count({ where: { status: 'DONE' } })).toBe(9)
  })
})
