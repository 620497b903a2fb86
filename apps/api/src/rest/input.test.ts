import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import type { Database } from '../db/index.ts'
import { createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'
import { issueAccessToken } from '../../test/oauth.ts'
import { csvDownload, safeCsvCell } from './http.ts'

// The REST input layer as an attacker meets it: every finding of the hardening issue that today's
// main answered with a 500 (a stack trace in text/plain) or accepted without a cap.

const webDist = await mkdtemp(path.join(tmpdir(), 'wb-web-'))
await writeFile(path.join(webDist, 'index.html'), '<!doctype html><title>worksbase</title>')
const ctx = useTestApp({ NODE_ENV: 'production', WEB_DIST_DIR: webDist, TOKEN_RATE_LIMIT_PER_MIN: '1000' })

const CREATE_BOT = `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } ... on Error { message } } }`

async function createBot(client: TestClient, tenant: { id: string }, domain: { id: string; name: string }) {
  const [manager] = await createMembers(ctx, tenant, domain, 1, 'mgr')
  const created = await client.data(CREATE_BOT, {
    input: {
      name: 'b',
      description: 'd',
      callbackEnabled: false,
      messageTypes: ['text'],
      roomEvents: [],
      allowGroupJoin: false,
      managerIds: [Buffer.from(`Member:${manager?.id}`).toString('base64')],
    },
  })
  return created.createBot.bot as { botId: number }
}

/** No answer may carry a stack frame, a source position or database text. */
function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|URIError|Prisma|SELECT |INSERT |invalid input syntax|out of range for type/)
}

async function answer(response: Response) {
  const text = await response.text()
  expectNoInternals(text)
  return { status: response.status, type: response.headers.get('content-type'), body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text }
}

describe('REST input layer', () => {
  it('answers malformed percent escapes in any path with 400, never a URIError stack', async () => {
    const { client } = await createTenant(ctx)
    const anonymous = new TestClient(ctx.app)
    expect(await answer(await anonymous.request('/webhooks/lineworks/%E0%A4%A', { method: 'POST', body: '{}' }))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PARAMETER', description: 'linkageId: the path has a malformed percent escape' },
    })
    expect(await answer(await anonymous.request('/%E0%A4%A'))).toMatchObject({ status: 400 })
    expect(await answer(await anonymous.request('/assets/%E0%A4%A.js'))).toMatchObject({ status: 400 })
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(await answer(await client.request('/api/bots/%E0/photo', { method, ...(method === 'PUT' && { body: 'x' }) }))).toMatchObject({
        status: 400,
        body: { code: 'INVALID_PARAMETER', description: 'id: the path has a malformed percent escape' },
      })
    }
    expect(await answer(await anonymous.request('/v1.0/bots/%E0%A4%A', { headers: { authorization: 'Bearer x' } }))).toMatchObject({ status: 400 })
    // NUL in a path parameter or the query string.
    expect(await answer(await client.request('/api/bots/%00/photo'))).toMatchObject({ status: 400, body: { description: 'id: must not contain the NUL character' } })
    expect(await answer(await client.request('/api/audit.csv?text=a%00b'))).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } })
    // Unknown paths and methods answer in {code, description}.
    expect(await answer(await anonymous.request('/api/nothing'))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } })
    const wrongMethod = await anonymous.request('/oauth2/v2.0/token')
    expect(wrongMethod.headers.get('allow')).toBe('POST')
    expect(await answer(wrongMethod)).toMatchObject({ status: 405, body: { code: 'METHOD_NOT_ALLOWED', description: 'Use POST' } })
  })

  it('answers integers that do not fit their column as not found instead of a database error', async () => {
    const { client, tenant, domain } = await createTenant(ctx)
    const bot = await createBot(client, tenant, domain)
    const token = await issueAccessToken(client)
    const api = (method: string, url: string) => new TestClient(ctx.app).request(url, { method, headers: { authorization: `Bearer ${token}` } })
    for (const domainId of ['2147483648', '99999999999999999999', '-1', '1e3', '0x10']) {
      expect(await answer(await api('POST', `/v1.0/bots/${bot.botId}/domains/${domainId}`))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', description: 'No such domain' } })
    }
    expect(await answer(await api('GET', '/v1.0/bots/2147483648'))).toMatchObject({ status: 404, body: { description: 'No such bot' } })
    const bigCursor = Buffer.from('99999999999').toString('base64url')
    expect(await answer(await api('GET', `/v1.0/bots?cursor=${bigCursor}`))).toMatchObject({ status: 400, body: { code: 'INVALID_PARAMETER' } })
    expect(await ctx.db.prisma.botDomain.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('caps the OAuth token endpoint body, chunked bodies included, and checks its content type and encoding', async () => {
    const anonymous = new TestClient(ctx.app)
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 64; index += 1) controller.enqueue(new TextEncoder().encode(`assertion=${'x'.repeat(1024)}&`))
        controller.close()
      },
    })
    const response = await anonymous.request('/oauth2/v2.0/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: chunked,
      duplex: 'half',
    } as RequestInit)
    expect(await answer(response)).toMatchObject({ status: 413, body: { error: 'invalid_request', description: 'The body is larger than 16384 bytes' } })
    const nul = await anonymous.request('/oauth2/v2.0/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=a%00b' })
    expect(await answer(nul)).toMatchObject({ status: 400, body: { error: 'invalid_request' } })
    const latin1 = await anonymous.request('/oauth2/v2.0/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new Uint8Array([0x61, 0x3d, 0xe9]) })
    expect(await answer(latin1)).toMatchObject({ status: 400, body: { error: 'invalid_request', description: 'The body is not valid UTF-8' } })
  })

  it('refuses Bot API bodies that are chunked past the cap, not JSON by type, or hold NUL', async () => {
    const { client, tenant, domain } = await createTenant(ctx)
    const bot = await createBot(client, tenant, domain)
    const token = await issueAccessToken(client)
    const send = (body: BodyInit, type = 'application/json') =>
      new TestClient(ctx.app).request(`/v1.0/bots/${bot.botId}/persistentmenu`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body, duplex: 'half' } as RequestInit)
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 80; index += 1) controller.enqueue(new Uint8Array(1024).fill(0x20))
        controller.close()
      },
    })
    expect(await answer(await send(chunks))).toMatchObject({ status: 413, body: { code: 'LIMIT_EXCEEDED', description: 'The body is larger than 65536 bytes' } })
    expect(await answer(await send('{}', 'text/plain'))).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } })
    expect(await answer(await send('{"content":{"actions":[{"type":"message","label":"a\\u0000"}]}}'))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PARAMETER', description: 'content.actions.0.label: text must not contain the NUL character (U+0000)' },
    })
    expect(await answer(await send(`${'['.repeat(10_000)}${']'.repeat(10_000)}`))).toMatchObject({ status: 400 })
  })

  it('makes every exported CSV cell formula-safe', async () => {
    expect([safeCsvCell('=cmd|\' /C calc\'!A0'), safeCsvCell('+1'), safeCsvCell('-2'), safeCsvCell('@SUM(A1)'), safeCsvCell('\t=1'), safeCsvCell('a=b'), safeCsvCell(-3)]).toEqual([
      "'=cmd|' /C calc'!A0",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\t=1",
      'a=b',
      -3,
    ])
    const { client, tenant, domain } = await createTenant(ctx)
    const evil = await ctx.db.prisma.member.create({
      data: { tenantId: tenant.id, domainId: domain.id, loginId: `evil@${domain.name}`, familyName: "=cmd|' /C calc'!A0", givenName: '@SUM(1+1)', searchText: 'evil' },
    })
    await ctx.db.prisma.attendanceStamp.create({ data: { tenantId: tenant.id, memberId: evil.id, kind: 'CLOCK_IN', stampedAt: new Date('2026-10-05T00:00:00Z'), workDate: '2026-10-05' } })
    const accounts = await (await client.request('/api/attendance/accounts.csv')).text()
    expect(accounts).toContain(`evil@${domain.name},'=cmd|' /C calc'!A0,'@SUM(1+1)`)
    const timesheets = await (await client.request('/api/attendance/timesheets.csv?month=2026-10')).text()
    expect(timesheets).toContain(`evil@${domain.name},'=cmd|' /C calc'!A0,'@SUM(1+1)`)
    expect(timesheets).not.toMatch(/,=cmd/)
    const downloaded = await csvDownload(['a'], 'x.csv', async (write) => write(['=HYPERLINK("http://x")'])).text()
    expect(downloaded).toBe('a\n"\'=HYPERLINK(""http://x"")"\n')
  })

  it('answers an unexpected failure anywhere with a bare 500, never its message or stack', async () => {
    const failing = new Proxy(ctx.db.prisma, {
      get() {
        throw new Error('SELECT secret FROM "Session" at handler (/srv/app/src/secret.ts:12:3)')
      },
    })
    const broken = createApp({ db: { ...ctx.db, prisma: failing } as Database, env: ctx.env, services: ctx.services })
    const anonymous = new TestClient(broken)
    const rest = await anonymous.request('/v1.0/bots', { headers: { authorization: 'Bearer something' } })
    expect(await answer(rest)).toEqual({ status: 500, type: 'application/json', body: { code: 'INTERNAL_SERVER_ERROR', description: 'Unexpected error' } })
    const graphql = await anonymous.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { admin { email } } }' }) })
    expect((await answer(graphql)).status).toBeLessThan(600)
    expect(await answer(await anonymous.request('/api/audit.csv', { headers: { cookie: 'wb_session=x' } }))).toMatchObject({ status: 500, body: { code: 'INTERNAL_SERVER_ERROR' } })
  })
})
