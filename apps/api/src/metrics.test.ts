import { describe, expect, it } from 'vitest'
import { createApp } from './app.ts'
import { createTenant, useTestApp } from '../test/harness.ts'

const ctx = useTestApp()

const metricsOf = async (ip: string, headers: Record<string, string> = {}, app = ctx.app) => {
  const response = await app.fetch(new Request('http://test.local/metrics', { headers }), { ip })
  return { status: response.status, text: await response.text() }
}

describe('/metrics', () => {
  it('gives request latency by route class, the job queue and the pool, to a client on this machine only', async () => {
    const { client } = await createTenant(ctx)
    await client.data('{ viewer { admin { id } } }')
    await ctx.app.fetch(new Request('http://test.local/v1.0/bots', { method: 'BREW' }))
    await ctx.db.prisma.job.create({ data: { kind: 'bot.callback', payload: { deliveryId: 'x' }, runAt: new Date(Date.now() - 5000) } })

    const { status, text } = await metricsOf('127.0.0.1')
    expect(status).toBe(200)
    expect(text).toMatch(/worksbase_http_request_duration_seconds_count\{route="graphql",method="POST",status="200"\} \d+/)
    // An unknown method is one bounded label, not a series of its own.
    expect(text).toMatch(/worksbase_http_request_duration_seconds_count\{route="bot_api",method="OTHER",status="\d+"\} 1/)
    expect(text).toMatch(/worksbase_jobs\{kind="bot.callback",status="QUEUED"\} [1-9]/)
    expect(Number(/worksbase_job_lag_seconds\{kind="bot.callback"\} ([\d.]+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(4)
    expect(text).toContain('worksbase_bot_deliveries_pending 0')
    expect(text).toContain('worksbase_attendance_events_pending 0')
    if (ctx.db.kind === 'postgres') expect(text).toMatch(/worksbase_db_pool_connections\{state="total"\} [1-9]/)
    // Nothing about requests or tenants is in the labels beyond the route class, method and status.
    expect(text).not.toMatch(/tenant|@|viewer/)

    expect((await metricsOf('203.0.113.9')).status).toBe(403)
  })

  it('with METRICS_TOKEN, opens to whoever sends the token, from anywhere, and to nobody else', async () => {
    const token = 'metrics-token-0123456789'
    const app = createApp({ db: ctx.db, env: { ...ctx.env, METRICS_TOKEN: token }, services: ctx.services })
    expect((await metricsOf('203.0.113.9', { authorization: `Bearer ${token}` }, app)).status).toBe(200)
    expect((await metricsOf('203.0.113.9', { authorization: 'Bearer wrong-token-0123456789' }, app)).status).toBe(403)
    expect((await metricsOf('127.0.0.1', {}, app)).status).toBe(403)
  })
})
