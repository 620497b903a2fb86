import { createHmac } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createServerAdapter } from '@whatwg-node/server'
import fc from 'fast-check'
import { type GraphQLField, isNonNullType } from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RestRoute } from '../src/rest/router.ts'
import { schema } from '../src/schema/index.ts'
import { testDatabaseKind } from './database.ts'
import {
  argumentsFor,
  changedTables,
  deepArrays,
  deepObjects,
  errorTypeNames,
  fittingSelection,
  forgedCursors,
  FUZZ_SEED,
  gid,
  hostileIds,
  hostileNumbers,
  hostileStrings,
  leakIn,
  rowCounter,
  type SchemaFacts,
  toJson,
  tokenCount,
  toLiteral,
} from './fuzz.ts'
import { createMembers, createTenant, TEST_PASSWORD, TestClient, useTestApp } from './harness.ts'
import { signAssertion } from './oauth.ts'

// Hostile input against every REST route and every GraphQL operation, on a real database, as an
// anonymous caller and as a valid one. Every answer must be a refusal or an answer: never a 5xx, a
// stack trace, database text or INTERNAL_SERVER_ERROR, and a refused request stores nothing. The
// inputs are tables of hostile values (fuzz.ts), each sent on both databases, and fast-check samples
// drawn from them with fixed seeds, so every run sends the same requests and a failure reproduces.

/**
 * Random samples per operation and caller, and random REST combinations per route and method, on
 * each database. The two databases draw different samples (their seeds differ), so one `npm test`
 * sends twice as many distinct samples as one database gets.
 */
const GRAPHQL_RUNS = 16
const REST_RUNS = 20
const SAMPLE_SEED = FUZZ_SEED + (testDatabaseKind === 'pglite' ? 0 : 1)
const HEAP_BUDGET_BYTES = 256 * 1024 * 1024

const webDist = mkdtempSync(path.join(tmpdir(), 'wb-fuzz-web-'))
mkdirSync(path.join(webDist, 'assets'))
writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>worksbase</title>')
writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1)')
afterAll(() => rmSync(webDist, { recursive: true, force: true }))

const ctx = useTestApp({
  CALLBACK_ALLOWED_HOSTS: '127.0.0.1',
  CALLBACK_ALLOW_HTTP: '1',
  TOKEN_RATE_LIMIT_PER_MIN: '1000000',
  BOT_API_RATE_LIMIT_PER_MIN: '1000000',
  WEB_DIST_DIR: webDist,
})

// ---------------------------------------------------------------------------------------------
// The world the valid callers act in: a tenant with members, a bot in their domain, a group talk,
// an API app with a service account and an access token with every scope, an EXTERNAL attendance
// linkage with a known bot secret; and a second tenant whose ids are thrown at the first.

interface World {
  tenantId: string
  master: TestClient
  member: TestClient
  memberLoginId: string
  token: string
  bot: { id: string; botId: number; secret: string }
  userId: string
  lwDomainId: number
  channelId: string
  linkageId: string
  oauth: { clientId: string; clientSecret: string; accountId: string; privateKey: string; refreshToken: string }
  foreign: { tenantId: string; ids: string[] }
  /** The tenant's own objects by node type, for read-only operations. */
  ownIds: Record<string, string[]>
  counts: () => Promise<Record<string, number>>
}

const world = {} as World
const MEMBER_PASSWORD = 'member-pass-1234'

async function data(client: TestClient, query: string, input: Record<string, unknown>): Promise<any> {
  const result = await client.data(query, { input })
  const [payload] = Object.values(result)
  if (payload && typeof payload === 'object' && 'message' in payload) throw new Error(`set-up failed: ${JSON.stringify(payload)}`)
  return payload
}

const CREATE_BOT = `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId secret } } ... on Error { message } } }`

beforeAll(async () => {
  const a = await createTenant(ctx, 'Fuzz')
  const [manager, colleague] = await createMembers(ctx, a.tenant, a.domain, 3, 'fuzz')
  if (!manager || !colleague) throw new Error('members missing')
  const bot = (
    await data(a.client, CREATE_BOT, {
      name: 'Fuzz bot',
      description: 'fuzz',
      callbackEnabled: false,
      messageTypes: ['text'],
      roomEvents: [],
      allowGroupJoin: true,
      managerIds: [gid('Member', manager.id)],
    })
  ).bot as World['bot']
  await data(a.client, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename ... on Error { message } } }`, {
    id: bot.id,
    domainId: gid('Domain', a.domain.id),
    visibility: 'ALL',
  })
  for (const person of [manager, colleague]) {
    await data(a.client, `mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename ... on Error { message } } }`, {
      id: gid('Member', person.id),
      password: MEMBER_PASSWORD,
    })
  }
  const member = await new TestClient(ctx.app).memberLogin(manager.loginId, MEMBER_PASSWORD)
  const channel = (
    await data(
      member,
      `mutation($input: MutationCreateTalkChannelInput!) { createTalkChannel(input: $input) { ... on MutationCreateTalkChannelSuccess { channel { channelId } } ... on Error { message } } }`,
      { title: 'Fuzz room', memberIds: [gid('Member', colleague.id)], botId: bot.id },
    )
  ).channel as { channelId: string }

  const app = (
    await data(
      a.client,
      `mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) { ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId } } } ... on Error { message } } }`,
      { name: 'Fuzz app', scopes: ['BOT', 'BOT_MESSAGE', 'BOT_READ', 'USER_READ', 'USER_EMAIL_READ', 'DIRECTORY', 'DIRECTORY_READ', 'AUDIT_READ'], tokenLifetime: 3600 },
    )
  ).result
  const account = (
    await data(
      a.client,
      `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) { ... on MutationCreateServiceAccountSuccess { result { privateKey account { accountId } } } ... on Error { message } } }`,
      { appId: app.app.id },
    )
  ).result
  const oauth = { clientId: app.app.clientId as string, clientSecret: app.clientSecret as string, accountId: account.account.accountId as string, privateKey: account.privateKey as string }
  const now = Math.floor(Date.now() / 1000)
  const issued = await ctx.app.fetch(
    new Request('http://test.local/oauth2/v2.0/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signAssertion(oauth.privateKey, { iss: oauth.clientId, sub: oauth.accountId, iat: now, exp: now + 600 }),
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      }),
    }),
  )
  const tokens = (await issued.json()) as { access_token: string; refresh_token: string }

  // The linkage checks its credentials by fetching a token from "LINE WORKS": this platform, served
  // over HTTP only while it is set up (no job worker: nothing runs behind the requests' backs).
  const server = createServer(createServerAdapter((request: Request) => ctx.app.fetch(request)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let linkage: { id: string }
  try {
    linkage = (
      await data(
        a.client,
        `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { ... on MutationSetupAttendanceLinkageSuccess { linkage { id } } ... on Error { message } } }`,
        {
          acceptTerms: true,
          mode: 'EXTERNAL',
          external: { ...oauth, serviceAccount: oauth.accountId, accountId: undefined, botId: String(bot.botId), botSecret: bot.secret, authBaseUrl: origin, apiBaseUrl: origin },
        },
      )
    ).linkage
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  const b = await createTenant(ctx, 'Other')
  const [foreignMember] = await createMembers(ctx, b.tenant, b.domain, 1, 'other')
  if (!foreignMember) throw new Error('members missing')
  const foreignBot = (
    await data(b.client, CREATE_BOT, {
      name: 'Other bot',
      description: 'other',
      callbackEnabled: false,
      messageTypes: ['text'],
      roomEvents: [],
      allowGroupJoin: false,
      managerIds: [gid('Member', foreignMember.id)],
    })
  ).bot as World['bot']

  Object.assign(world, {
    tenantId: a.tenant.id,
    master: a.client,
    member,
    memberLoginId: manager.loginId,
    token: tokens.access_token,
    bot,
    userId: manager.userId,
    lwDomainId: a.domain.lwDomainId,
    channelId: channel.channelId,
    linkageId: linkage.id,
    oauth: { ...oauth, refreshToken: tokens.refresh_token },
    foreign: {
      tenantId: b.tenant.id,
      ids: [foreignBot.id, gid('Member', foreignMember.id), gid('Domain', b.domain.id), gid('Admin', b.master.id), gid('Tenant', b.tenant.id), foreignMember.id],
    },
    ownIds: {
      Member: [gid('Member', manager.id), gid('Member', colleague.id)],
      Bot: [bot.id],
      Domain: [gid('Domain', a.domain.id)],
      Tenant: [gid('Tenant', a.tenant.id)],
      Admin: [gid('Admin', a.master.id)],
      ApiApp: [app.app.id],
    },
    counts: await rowCounter(ctx.db),
  } satisfies World)
}, 120_000)

/** Rows of every table that belong to the other tenant: no request of the fuzzed one may touch them. */
async function foreignRows(): Promise<Record<string, number>> {
  const tables = await ctx.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenantId' ORDER BY 1`,
  )
  const [row] = await ctx.db.query<Record<string, number>>(
    `SELECT ${tables.map(({ name }) => `(SELECT count(*) FROM "${name}" WHERE "tenantId" = $1)::int AS "${name}"`).join(', ')}`,
    [world.foreign.tenantId],
  )
  return row ?? {}
}
let foreignBefore: Record<string, number> = {}
beforeAll(async () => {
  foreignBefore = await foreignRows()
})

// ---------------------------------------------------------------------------------------------
// Sending and checking.

interface Answer {
  status: number
  text: string
  /** Table counts that changed while the request ran. */
  changed: string[]
  /** Why reading the body failed, when it did (a download that breaks off). */
  broken?: string
}

/** Requests sent, by kind and status class, for the summary the last test prints. */
const tally = new Map<string, number>()

/**
 * Sends one request and reads its whole answer. A request that may write (`counted`) has every
 * table counted before and after it; read-only ones are checked together (see expectNoProblems).
 */
async function send(request: Request, counted: boolean): Promise<Answer> {
  const before = counted ? await world.counts() : null
  const response = await ctx.app.fetch(request)
  const what = `${new URL(request.url).pathname === '/graphql' ? 'GraphQL' : 'REST'} ${String(response.status).charAt(0)}xx`
  tally.set(what, (tally.get(what) ?? 0) + 1)
  let text = ''
  let broken: string | undefined
  try {
    text = await response.text()
  } catch (error) {
    broken = error instanceof Error ? error.message : String(error)
  }
  return { status: response.status, text, changed: before ? changedTables(before, await world.counts()) : [], ...(broken !== undefined && { broken }) }
}

/** What every answer must not be: a 5xx, a broken body, or a leak of the inside. */
function answerProblems(answer: Answer): string[] {
  const found: string[] = []
  if (answer.status >= 500) found.push(`status ${answer.status}`)
  if (answer.broken !== undefined) found.push(`the body broke off: ${answer.broken}`)
  const leak = leakIn(answer.text)
  if (leak) found.push(`leaks ${leak}`)
  return found
}

const apiPath = /^\/(api|v1\.0|oauth2|webhooks)\//
const readOnlyMethods = new Set(['GET', 'HEAD'])

/** What is wrong with a REST answer (an empty list when nothing is). */
function restProblems(pathname: string, answer: Answer): string[] {
  const found = answerProblems(answer)
  if (answer.status >= 400 && apiPath.test(pathname)) {
    let body: unknown
    try {
      body = JSON.parse(answer.text)
    } catch {
      body = null
    }
    const shaped = body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string' && typeof (body as { description?: unknown }).description === 'string'
    if (!shaped) found.push('the error body is not {code, description}')
  }
  if (answer.status >= 400 && answer.status < 500 && answer.changed.length > 0) found.push(`stored rows for a refused request: ${answer.changed.join(', ')}`)
  return found
}

const problems: string[] = []
function record(what: string, found: string[], answer: Answer) {
  if (found.length > 0) problems.push(`${what} → ${answer.status} ${answer.text.slice(0, 300)}\n    ${found.join('\n    ')}`)
}

/**
 * Runs `run` and reports every problem it recorded as one failed expectation. With `readOnly`, the
 * requests it sent may not change any table at all, whatever they were answered.
 */
async function expectNoProblems(run: () => Promise<void>, options: { readOnly?: boolean } = {}) {
  problems.length = 0
  const before = options.readOnly ? await world.counts() : null
  await run()
  if (before) {
    const changed = changedTables(before, await world.counts())
    if (changed.length > 0) problems.push(`read-only requests stored rows: ${changed.join(', ')}`)
  }
  const found = [...problems]
  problems.length = 0
  expect(found, found.join('\n')).toEqual([])
}

// ---------------------------------------------------------------------------------------------
// REST: every route of every route list that src/rest/*.ts exports (a new one is fuzzed without
// being named here), each path parameter, each query parameter its module reads, every body.

const restDir = fileURLToPath(new URL('../src/rest/', import.meta.url))

interface FuzzedRoute {
  file: string
  route: RestRoute
  /** The query parameters the route's module reads (`….get('name')`). */
  queryNames: string[]
}

function isRouteList(value: unknown): value is RestRoute[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item && typeof item === 'object' && 'methods' in item && 'path' in item && 'handler' in item)
}

const fuzzedRoutes: FuzzedRoute[] = []
for (const file of readdirSync(restDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).sort()) {
  const module = (await import(path.join(restDir, file))) as Record<string, unknown>
  const source = readFileSync(path.join(restDir, file), 'utf8')
  const queryNames = [...new Set([...source.matchAll(/\.get\('(\w+)'\)/g)].map((match) => match[1] ?? ''))].filter(Boolean)
  for (const list of Object.values(module).filter(isRouteList)) for (const route of list) fuzzedRoutes.push({ file, route, queryNames })
}

/** A path parameter that finds the real object, so that the other parameter's hostile value goes deep. */
function validParam(name: string): string {
  const values: Record<string, string> = {
    botId: String(world.bot.botId),
    userId: world.userId,
    channelId: world.channelId,
    domainId: String(world.lwDomainId),
    linkageId: world.linkageId,
    id: world.bot.id,
  }
  return encodeURIComponent(values[name] ?? 'x')
}

/** Path parameters as sent (already percent-encoded, or deliberately not). */
const hostileParams: readonly string[] = [
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '%ED%A0%80',
  '%F0%9F%98',
  '%00',
  'a%00b',
  '%2e%2e',
  '..',
  '%2F',
  '2147483648',
  '1e309',
  '-1',
  '0',
  '99999999999999999999',
  'x'.repeat(600),
  '%E5%8B%A4'.repeat(200),
  '%20',
  "%27%3B--",
  gid('Bot', '4b5f0a52-7c0d-4a53-9b43-1f4f2f0c9e11'),
]

/** Query values as sent in the URL (percent escapes included). */
const hostileQueryValues: readonly string[] = ['%', '%E0%A4%A', '%00', 'a%00b', '', 'x'.repeat(10_000), 'null', '%5B%5D', ...hostileNumbers.map((number) => encodeURIComponent(number.text)), encodeURIComponent(gid('Nope', 'x'))]

const encoder = new TextEncoder()
const bytes = (...parts: (string | number[] | Uint8Array)[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))))

interface HostileBody {
  name: string
  contentType?: string
  headers?: Record<string, string>
  body: () => string | Uint8Array | ReadableStream<Uint8Array>
}

/** A chunked body (no Content-Length) larger than any route accepts (64 MB is the largest cap). */
function hugeStream(): ReadableStream<Uint8Array> {
  const chunk = encoder.encode('a,b\n'.repeat(256 * 1024))
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 66 * 1024 * 1024) controller.close()
      else {
        controller.enqueue(chunk)
        sent += chunk.byteLength
      }
    },
  })
}

const jsonBody = (name: string, text: string): HostileBody => ({ name, contentType: 'application/json', body: () => text })

function hostileBodies(): HostileBody[] {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const client = { client_id: world.oauth.clientId, client_secret: world.oauth.clientSecret }
  const now = Math.floor(Date.now() / 1000)
  const assertion = (claims: Record<string, unknown>) => signAssertion(world.oauth.privateKey, { iss: world.oauth.clientId, sub: world.oauth.accountId, iat: now, exp: now + 600, ...claims })
  const jwtGrant = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
  const formBody = (name: string, text: string | Uint8Array): HostileBody => ({ name, contentType: 'application/x-www-form-urlencoded', body: () => text })
  return [
    { name: 'declared huge length', contentType: 'application/json', headers: { 'content-length': String(2 ** 40) }, body: () => '{}' },
    { name: 'declared length not a number', contentType: 'application/json', headers: { 'content-length': '12abc' }, body: () => '{}' },
    { name: 'chunked 66 MB', contentType: 'text/csv', body: hugeStream },
    { name: 'chunked 66 MB as JSON', contentType: 'application/json', body: hugeStream },
    { name: 'empty', contentType: 'application/json', body: () => '' },
    { name: 'text/plain', contentType: 'text/plain', body: () => '{"content":{"type":"text","text":"hi"}}' },
    { name: 'xml', contentType: 'application/xml', body: () => '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><a>&b;</a>' },
    { name: 'multipart', contentType: 'multipart/form-data; boundary=x', body: () => '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n' },
    { name: 'no content type', body: () => '{}' },
    { name: 'content type with NUL-like junk', contentType: 'application/json; charset=utf-7', body: () => '{}' },
    { name: 'invalid UTF-8 JSON', contentType: 'application/json', body: () => bytes('{"content":{"type":"text","text":"', [0xff, 0xfe, 0xc3, 0x28], '"}}') },
    { name: 'overlong UTF-8', contentType: 'application/json', body: () => bytes('{"a":"', [0xc0, 0xaf], '"}') },
    { name: 'UTF-16 with BOM', contentType: 'application/json', body: () => bytes([0xff, 0xfe], Buffer.from('{"content":{}}', 'utf16le')) },
    { name: 'invalid UTF-8 CSV', contentType: 'text/csv', body: () => bytes('login_id,account_id\nx', [0xc3, 0x28], ',y\n') },
    { name: 'invalid UTF-8 form', contentType: 'application/x-www-form-urlencoded', body: () => bytes('grant_type=', [0xff]) },
    jsonBody('10,000 nested arrays', deepArrays(10_000)),
    jsonBody('10,000 nested objects', deepObjects(10_000)),
    jsonBody('1,000 nested flex boxes', `{"content":{"type":"flex","altText":"a","contents":{"type":"bubble","body":${'{"type":"box","layout":"vertical","contents":['.repeat(1_000)}${']}'.repeat(1_000)}}}}`),
    jsonBody('NUL escaped in text', '{"content":{"type":"text","text":"a\\u0000b"}}'),
    jsonBody('NUL escaped in a key', '{"content":{"type":"text","text":"a","\\u0000":1}}'),
    { name: 'raw NUL byte', contentType: 'application/json', body: () => bytes('{"content":{"type":"text","text":"a', [0], 'b"}}') },
    jsonBody('lone surrogate', '{"content":{"type":"text","text":"\\ud800"}}'),
    jsonBody('array', '[]'),
    jsonBody('null', 'null'),
    jsonBody('number', '1e309'),
    jsonBody('string', '"x"'),
    jsonBody('true', 'true'),
    jsonBody('content array', '{"content":[]}'),
    jsonBody('content null', '{"content":null}'),
    jsonBody('content type wrong', '{"content":{"type":["text"],"text":1}}'),
    jsonBody('visible not boolean', '{"visible":"yes","allowToSelectedMember":null}'),
    jsonBody('__proto__', '{"__proto__":{"polluted":true},"content":{"type":"text","text":"hi","__proto__":{"x":1}}}'),
    jsonBody('text of 1e309', '{"content":{"type":"text","text":1e309}}'),
    jsonBody('huge text', `{"content":{"type":"text","text":"${'x'.repeat(60_000)}"}}`),
    jsonBody('menu with wrong actions', '{"content":{"actions":[{"type":"uri","label":"a","uri":"javascript:alert(1)"},{},null,1]}}'),
    jsonBody('duplicate keys', '{"content":{"type":"text","text":"a"},"content":{"type":"sticker"}}'),
    jsonBody('a valid text message', '{"content":{"type":"text","text":"hello"}}'),
    jsonBody('a signed webhook event of another shape', '{"type":"message","source":{"userId":[1],"domainId":{"a":1}},"issuedTime":"9999-99-99","content":{"type":"text","text":null}}'),
    { name: 'CSV with NUL', contentType: 'text/csv', body: () => 'login_id,account_id\nx\u0000,y\n' },
    { name: 'CSV unterminated quote', contentType: 'text/csv', body: () => 'login_id,account_id\n"x,y\n' },
    { name: 'CSV formula and huge cell', contentType: 'text/csv', body: () => `login_id,account_id,family_name\n=cmd|' /C calc'!A0,${'y'.repeat(100_000)},x\n` },
    { name: 'CSV with a BOM, a row of nobody', contentType: 'text/csv', body: () => '\ufefflogin_id,account_id\nnobody@nowhere.example,x\n' },
    { name: 'CSV with stray quotes in the header', contentType: 'text/csv', body: () => 'login_id,"a"b"c",account_id\nx,y,z\n' },
    { name: 'CSV with stray quotes in a row', contentType: 'text/csv', body: () => 'login_id,account_id\n"a"b"c"d,y\n' },
    { name: 'CSV of 2^31 columns names', contentType: 'text/csv', body: () => `${'login_id,'.repeat(5_000)}\n` },
    { name: 'PNG header and garbage', contentType: 'image/png', body: () => bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'garbage') },
    { name: 'JPEG magic only', contentType: 'image/jpeg', body: () => bytes([0xff, 0xd8, 0xff]) },
    formBody('form: malformed escapes', 'grant_type=%E0%A4%A&assertion=%&client_id=%00'),
    formBody('form: NUL', 'grant_type=a%00b'),
    formBody('form: repeated fields', `${form(client)}&client_id=x&grant_type=${jwtGrant}&grant_type=refresh_token`),
    formBody('form: valid client, forged assertion', form({ ...client, grant_type: jwtGrant, assertion: 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.' })),
    formBody('form: valid client, alg none', form({ ...client, grant_type: jwtGrant, assertion: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: world.oauth.clientId, sub: world.oauth.accountId, iat: now, exp: now + 60 })).toString('base64url')}.` })),
    formBody('form: valid client, exp 1e309', form({ ...client, grant_type: jwtGrant, assertion: assertion({ exp: 1e308 * 10, iat: -1 }) })),
    formBody('form: valid client, iat 2^31', form({ ...client, grant_type: jwtGrant, assertion: assertion({ iat: 2 ** 31, exp: 2 ** 31 + 60 }) })),
    formBody('form: valid assertion, hostile scope', form({ ...client, grant_type: jwtGrant, assertion: assertion({}), scope: `bot ${'x'.repeat(5_000)} \u202e` })),
    formBody('form: valid client, forged refresh token', form({ ...client, grant_type: 'refresh_token', refresh_token: 'x'.repeat(5_000) })),
    formBody('form: refresh token of the app, wrong client secret', form({ client_id: world.oauth.clientId, client_secret: 'nope', grant_type: 'refresh_token', refresh_token: world.oauth.refreshToken })),
    formBody('form: unknown grant', form({ ...client, grant_type: 'password', username: 'a', password: 'b' })),
    formBody('form: huge', `a=${'x'.repeat(20_000)}`),
  ]
}

interface RestCaller {
  name: string
  /** Whether this caller is who the route expects (the valid token, the session, the signature). */
  valid: boolean
  headers: (body: Uint8Array | null) => Record<string, string>
}

const sign = (body: Uint8Array) => createHmac('sha256', Buffer.from(world.bot.secret, 'utf8')).update(body).digest('base64')

/** Who calls a route: by the route's prefix, the forged ways in and the valid one. */
function callersOf(routePath: string): RestCaller[] {
  const anonymous: RestCaller = { name: 'anonymous', valid: false, headers: () => ({}) }
  const forged = (name: string, headers: Record<string, string>): RestCaller => ({ name, valid: false, headers: () => headers })
  if (routePath.startsWith('/v1.0/')) {
    return [
      anonymous,
      forged('Bearer x', { authorization: 'Bearer x' }),
      forged('Bearer of 5,000 characters', { authorization: `Bearer ${'a'.repeat(5_000)}` }),
      forged('Basic', { authorization: 'Basic dXNlcjpwYXNz' }),
      forged('an admin API token shape', { authorization: `Bearer wbt_${'x'.repeat(40)}` }),
      forged('the token with a byte more', { authorization: `Bearer ${world.token}x` }),
      forged('the token and junk', { authorization: `Bearer ${world.token} junk` }),
      forged('Bearer and nothing', { authorization: 'Bearer ' }),
      { name: 'valid token', valid: true, headers: () => ({ authorization: `Bearer ${world.token}` }) },
    ]
  }
  if (routePath.startsWith('/webhooks/')) {
    return [
      anonymous,
      forged('forged signature', { 'x-works-signature': Buffer.alloc(32, 7).toString('base64') }),
      forged('short signature', { 'x-works-signature': 'AAAA' }),
      forged('signature not base64', { 'x-works-signature': '!!!!' }),
      forged('signature of 10,000 characters', { 'x-works-signature': 'A'.repeat(10_000) }),
      forged('signature of another body', { 'x-works-signature': sign(encoder.encode('{}')) }),
      { name: 'valid signature', valid: true, headers: (body): Record<string, string> => (body ? { 'x-works-signature': sign(body) } : {}) },
    ]
  }
  if (routePath.startsWith('/oauth2/')) return [anonymous]
  const session = () => ({ cookie: `wb_session=${world.master.cookie('wb_session')}; wb_csrf=${world.master.cookie('wb_csrf')}`, 'x-csrf-token': world.master.cookie('wb_csrf') ?? '' })
  return [
    anonymous,
    forged('forged session', { cookie: 'wb_session=forged; wb_csrf=x', 'x-csrf-token': 'x' }),
    { name: 'session without CSRF header', valid: false, headers: () => ({ cookie: session().cookie }) },
    forged('forged API token', { authorization: `Bearer wbt_${'x'.repeat(40)}` }),
    forged('member session', { cookie: `wb_msession=${world.member.cookie('wb_msession')}`, 'x-member-csrf-token': world.member.cookie('wb_mcsrf') ?? '' }),
    { name: 'master session', valid: true, headers: session },
  ]
}

interface RestRequest {
  method: string
  path: string
  query?: string
  caller: RestCaller
  body?: HostileBody
}

function describeRequest(request: RestRequest): string {
  const shown = `${request.path}${request.query ? `?${request.query}` : ''}`
  return `${request.method} ${shown.length > 160 ? `${shown.slice(0, 160)}…` : shown} [${request.caller.name}]${request.body ? ` body: ${request.body.name}` : ''}`
}

async function sendRest(request: RestRequest) {
  const payload = request.body?.body() ?? null
  const byteBody = typeof payload === 'string' ? encoder.encode(payload) : payload instanceof Uint8Array ? payload : null
  const headers = new Headers({ ...request.caller.headers(byteBody ?? (payload ? null : new Uint8Array())), ...request.body?.headers })
  if (request.body?.contentType) headers.set('content-type', request.body.contentType)
  const url = `http://test.local${request.path}${request.query ? `?${request.query}` : ''}`
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && payload !== null
  const init = { method: request.method, headers, ...(hasBody && { body: (byteBody ?? payload) as BodyInit, duplex: 'half' }) } as RequestInit
  const answer = await send(new Request(url, init), !readOnlyMethods.has(request.method))
  record(describeRequest(request), restProblems(request.path, answer), answer)
  return answer
}

/** The route's path with each parameter replaced: by `values[name]`, else the valid value. */
function pathWith(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(/:(\w+)/g, (_match, name: string) => values[name] ?? validParam(name))
}

/** Every table entry once for one route and method, then REST_RUNS random combinations of them. */
async function fuzzRoute(route: RestRoute, method: string, queryNames: string[]) {
  const callers = callersOf(route.path)
  const anonymous = callers[0]
  const valid = callers.find((caller) => caller.valid) ?? anonymous
  if (!valid || !anonymous) throw new Error('no callers')
  const takesBody = !readOnlyMethods.has(method)
  const benign = takesBody ? jsonBody('a valid text message', '{"content":{"type":"text","text":"hello"}}') : undefined
  const bodies = takesBody ? hostileBodies() : []
  const params = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '')
  // Every forged way in, with a well-formed request.
  for (const caller of callers) await sendRest({ method, path: pathWith(route.path), caller, ...(benign && { body: benign }) })
  // Each path parameter hostile, the others valid.
  for (const name of params) {
    for (const value of hostileParams) {
      for (const caller of [anonymous, valid]) await sendRest({ method, path: pathWith(route.path, { [name]: value }), caller, ...(benign && { body: benign }) })
    }
  }
  // Each query parameter the route reads, hostile; a NUL in a name; every parameter twice.
  for (const name of [...queryNames, '%00x']) {
    for (const value of hostileQueryValues) await sendRest({ method, path: pathWith(route.path), query: `${name}=${value}`, caller: valid })
  }
  await sendRest({ method, path: pathWith(route.path), query: queryNames.map((name) => `${name}=1&${name}=2`).join('&'), caller: valid })
  // Every hostile body, anonymous and valid.
  for (const body of bodies) for (const caller of new Set([anonymous, valid])) await sendRest({ method, path: pathWith(route.path), caller, body })
  // Random combinations of all of the above.
  const combination = fc.record({
    params: fc.record(Object.fromEntries(params.map((name) => [name, fc.constantFrom(validParam(name), ...hostileParams)]))),
    query: fc.subarray(queryNames).chain((names) => fc.tuple(...names.map((name) => fc.constantFrom(...hostileQueryValues).map((value) => `${name}=${value}`)))),
    caller: fc.constantFrom(...callers),
    body: bodies.length > 0 ? fc.constantFrom(...bodies) : fc.constant(undefined),
  })
  for (const sample of fc.sample(combination, { seed: SAMPLE_SEED, numRuns: REST_RUNS })) {
    await sendRest({ method, path: pathWith(route.path, sample.params), query: sample.query.join('&'), caller: sample.caller, ...(sample.body && { body: sample.body }) })
  }
}

describe('the hostile tables', () => {
  it('hold nothing that looks like a leak, so an answer that echoes them is not taken for one', () => {
    const bodies = hostileBodies().flatMap((body) => {
      const payload = body.body()
      return typeof payload === 'string' ? [payload] : payload instanceof Uint8Array ? [Buffer.from(payload).toString('latin1')] : []
    })
    for (const value of [...hostileStrings, ...hostileIds, ...forgedCursors, ...hostileParams, ...hostileQueryValues, ...bodies]) {
      expect(leakIn(value), value.slice(0, 80)).toBeNull()
    }
    expect(leakIn('    at handle (/app/src/rest/router.ts:63:16)')).toMatch(/^a stack frame/)
    expect(leakIn('duplicate key value violates unique constraint "MemberImportRow_pkey"')).toMatch(/^driver text/)
    expect(leakIn('Invalid `prisma.member.findMany()` invocation')).toMatch(/^Prisma/)
    expect(tokenCount('{ a(b: "c d") }')).toBe(8)
  })

  it('and the row counter sees a row stored and removed at once', async () => {
    const before = await world.counts()
    const row = await ctx.db.prisma.employmentType.create({ data: { tenantId: world.tenantId, name: 'counted' } })
    expect(changedTables(before, await world.counts())).toEqual([`EmploymentType: ${before.EmploymentType} → ${(before.EmploymentType ?? 0) + 1}`])
    await ctx.db.prisma.employmentType.delete({ where: { id: row.id } })
    expect(changedTables(before, await world.counts())).toEqual([])
  })
})

describe('REST fuzz', () => {
  it('finds every exported route list in src/rest and the app serves every route', async () => {
    expect(fuzzedRoutes.length).toBeGreaterThanOrEqual(15)
    for (const { route } of fuzzedRoutes) {
      for (const method of route.methods) {
        const answer = await ctx.app.fetch(new Request(`http://test.local${pathWith(route.path)}`, { method }))
        const body = await answer.text()
        expect(body, `${method} ${route.path} is not served by the app`).not.toContain('No such endpoint')
      }
    }
  })

  for (const { file, route, queryNames } of fuzzedRoutes) {
    for (const method of route.methods) {
      it(`${method} ${route.path} (${file})`, () => expectNoProblems(() => fuzzRoute(route, method, queryNames), { readOnly: readOnlyMethods.has(method) }))
    }
  }

  it('unknown paths under /api, /v1.0, /oauth2 and /webhooks, and static paths', async () => {
    const unknown = [
      '/api/nope',
      '/api/',
      '/api',
      '/v1.0/',
      '/v1.0/bots/1/unknown',
      '/v1.0/bots/%E0%A4%A/unknown/%00',
      '/oauth2/v2.0/authorize',
      '/oauth2/%00',
      '/webhooks/lineworks/',
      '/webhooks/lineworks/x/y',
      '/webhooks/%E0%A4%A',
      '/api/bots/%E0%A4%A/photo/extra',
      `/api/${'a/'.repeat(2_000)}`,
    ]
    const statics = [
      '/%E0%A4%A',
      '/%',
      '/%00',
      '/index.html%00.png',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%5c..%5c..%5cetc%5cpasswd',
      '//etc/passwd',
      '/.env',
      '/assets/%C0%AF',
      `/${'a'.repeat(10_000)}`,
      '/assets/app.js?%00',
    ]
    const anonymous: RestCaller = { name: 'anonymous', valid: false, headers: () => ({}) }
    await expectNoProblems(async () => {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND']) {
        for (const target of [...unknown, ...statics]) {
          const answer = await sendRest({ method, path: target, caller: anonymous, ...(method !== 'GET' && method !== 'HEAD' && { body: jsonBody('empty object', '{}') }) })
          if (answer.text.includes('root:')) problems.push(`${method} ${target} served a file outside the web build`)
        }
      }
    })
  })
})

// ---------------------------------------------------------------------------------------------
// GraphQL: every Query and Mutation field of the schema, with arguments generated from their
// types, as the master administrator, anonymously, and (for the talk view's fields) as a member.

const errorTypes = errorTypeNames(schema)

interface Operation {
  kind: 'query' | 'mutation'
  field: GraphQLField<unknown, unknown>
}

const operations: Operation[] = [
  ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field) => ({ kind: 'query' as const, field })),
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((field) => ({ kind: 'mutation' as const, field })),
]

/** Fields that end the caller's own session: they run in a session of their own. */
const signsOut = new Set(['logout', 'memberLogout'])

interface GraphQLAnswer extends Answer {
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null
}

async function sendGraphQL(headers: Record<string, string>, body: string | Uint8Array, counted: boolean, contentType = 'application/json'): Promise<GraphQLAnswer> {
  const answer = await send(new Request('http://test.local/graphql', { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: body as BodyInit }), counted)
  let parsed: GraphQLAnswer['body'] = null
  try {
    parsed = JSON.parse(answer.text) as GraphQLAnswer['body']
  } catch {
    parsed = null
  }
  return { ...answer, body: parsed }
}

/** A session of the master administrator of its own (for `logout`, which ends it). */
async function createMasterSession(): Promise<TestClient> {
  const admin = await ctx.db.prisma.adminAccount.findFirstOrThrow({ where: { tenantId: world.tenantId, role: 'MASTER' } })
  return new TestClient(ctx.app).login(admin.email, TEST_PASSWORD)
}

/** The cookies and CSRF headers of a signed-in client. */
function sessionHeaders(client: TestClient): Record<string, string> {
  const cookies = ['wb_session', 'wb_csrf', 'wb_msession', 'wb_mcsrf'].filter((name) => client.cookie(name)).map((name) => `${name}=${client.cookie(name)}`)
  return {
    ...(cookies.length > 0 && { cookie: cookies.join('; ') }),
    ...(client.cookie('wb_csrf') && { 'x-csrf-token': client.cookie('wb_csrf') }),
    ...(client.cookie('wb_mcsrf') && { 'x-member-csrf-token': client.cookie('wb_mcsrf') }),
  }
}

/** What is wrong with a GraphQL answer; `field` is the top-level field, when one was asked for. */
function graphqlProblems(answer: GraphQLAnswer, field: string | null): string[] {
  const found = answerProblems(answer)
  if (!answer.body) return found
  for (const error of answer.body.errors ?? []) {
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR' || error.message === 'Unexpected error.') found.push(`INTERNAL_SERVER_ERROR: ${error.message}`)
  }
  const value = field ? answer.body.data?.[field] : null
  const typename = value && typeof value === 'object' ? (value as { __typename?: string }).__typename : undefined
  const refused = answer.status >= 400 || value === null || value === undefined || (typename !== undefined && errorTypes.has(typename))
  if (refused && answer.changed.length > 0) found.push(`stored rows for a refused request: ${answer.changed.join(', ')}`)
  return found
}

function documentFor(operation: Operation, args: Record<string, unknown>, inline: boolean): string {
  const { field, kind } = operation
  const selection = fittingSelection(schema, field.type, 2, 1_200)
  const given = field.args.filter((arg) => args[arg.name] !== undefined || isNonNullType(arg.type))
  if (given.length === 0) return `${kind} { ${field.name} ${selection} }`
  if (inline) return `${kind} { ${field.name}(${given.map((arg) => `${arg.name}: ${toLiteral(args[arg.name], arg.type)}`).join(', ')}) ${selection} }`
  return `${kind} Fuzz(${given.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ')}) { ${field.name}(${given.map((arg) => `${arg.name}: $${arg.name}`).join(', ')}) ${selection} }`
}

function seedOf(name: string): number {
  let hash = SAMPLE_SEED
  for (const char of name) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0
  return hash
}

/** The samples of one operation's arguments, sent anonymously, as the master and (if needed) a member. */
async function fuzzOperation(operation: Operation) {
  const { field, kind } = operation
  const facts: SchemaFacts = { schema, foreignIds: world.foreign.ids, ...(kind === 'query' && { ownIds: world.ownIds }) }
  const samples =
    field.args.length === 0
      ? [{ args: {}, inline: false }]
      : fc.sample(fc.record({ args: argumentsFor(field, facts), inline: fc.boolean() }), { seed: seedOf(field.name), numRuns: GRAPHQL_RUNS })
  /** Sends every sample as one caller; answers the error codes seen. */
  const run = async (callerName: string, headers: () => Promise<Record<string, string>>) => {
    const codes = new Set<string>()
    for (const { args, inline } of samples) {
      const document = documentFor(operation, args, inline)
      const variables = inline ? {} : args
      const answer = await sendGraphQL(await headers(), `{"query":${JSON.stringify(document)},"variables":${toJson(variables)}}`, kind === 'mutation')
      for (const error of answer.body?.errors ?? []) codes.add(error.extensions?.code ?? '')
      const value = answer.body?.data?.[field.name]
      if (value && typeof value === 'object' && 'code' in value) codes.add(String(value.code))
      record(`${callerName}: ${document.slice(0, 200)} ${toJson(variables).slice(0, 200)}`, graphqlProblems(answer, field.name), answer)
    }
    return codes
  }
  const ownSession = signsOut.has(field.name)
  await run('anonymous', async () => ({}))
  const masterCodes = await run('master', async () => sessionHeaders(ownSession ? await createMasterSession() : world.master))
  // The talk view's fields answer AUTHENTICATION to an admin: fuzz them as a member too.
  if (masterCodes.has('AUTHENTICATION')) {
    await run('member', async () => sessionHeaders(ownSession ? await new TestClient(ctx.app).memberLogin(world.memberLoginId, MEMBER_PASSWORD) : world.member))
  }
}

describe('GraphQL fuzz', () => {
  for (const operation of operations) {
    it(`${operation.kind} ${operation.field.name}`, () => expectNoProblems(() => fuzzOperation(operation), { readOnly: operation.kind === 'query' }))
  }

  it('huge, deep and malformed documents, many aliases and directives, odd bodies', async () => {
    const master = sessionHeaders(world.master)
    const documents: [string, string | Uint8Array, string?][] = [
      ['a huge document', JSON.stringify({ query: `{ viewer { __typename } ${' '.repeat(900_000)} }` })],
      ['past the token limit', JSON.stringify({ query: `{ ${'viewer { __typename } '.repeat(5_000)} }` })],
      ['10,000 nested selections', JSON.stringify({ query: `${'{ viewer '.repeat(10_000)}${'}'.repeat(10_000)}` })],
      ['past the depth limit', JSON.stringify({ query: `{ members(first: 1) { edges { node { ${'domain { orgUnits { '.repeat(20)}id${' } }'.repeat(20)} } } } }` })],
      ['past the complexity limit', JSON.stringify({ query: `{ ${Array.from({ length: 25 }, (_, index) => `a${index}: members(first: 100) { edges { node { domain { orgUnits { id name } } } } }`).join(' ')} }` })],
      ['1,000 aliases', JSON.stringify({ query: `{ ${Array.from({ length: 1_000 }, (_, index) => `a${index}: viewer { __typename }`).join(' ')} }` })],
      ['31 aliases of members', JSON.stringify({ query: `{ ${Array.from({ length: 31 }, (_, index) => `a${index}: members(first: 100) { totalCount }`).join(' ')} }` })],
      ['1,000 directives', JSON.stringify({ query: `{ __typename ${'@include(if: true) '.repeat(1_000)} }` })],
      ['unknown directive', JSON.stringify({ query: '{ __typename @nope(x: 1) }' })],
      ['fragment cycle', JSON.stringify({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' })],
      ['variables 10,000 deep', `{"query":"query($v: JSON) { __typename }","variables":{"v":${deepArrays(10_000)}}}`],
      ['variables not an object', '{"query":"{ __typename }","variables":[1]}'],
      ['query not a string', '{"query":1}'],
      ['query an object', '{"query":{"a":1}}'],
      ['no query', '{}'],
      ['batched', '[{"query":"{ __typename }"},{"query":"{ __typename }"}]'],
      ['operation name unknown', '{"query":"query A { __typename } query B { __typename }","operationName":"C"}'],
      ['operation name NUL', '{"query":"query A { __typename }","operationName":"A\\u0000"}'],
      ['NUL in a literal', JSON.stringify({ query: '{ members(query: "a\\u0000") { totalCount } }' })],
      ['invalid UTF-8', bytes('{"query":"{ __typename ', [0xff, 0xfe], ' }"}')],
      ['10,000 nested arrays', deepArrays(10_000)],
      ['not JSON', '{"query":'],
      ['text/plain', '{"query":"{ __typename }"}', 'text/plain'],
      ['form', 'query=%7B__typename%7D', 'application/x-www-form-urlencoded'],
      ['multipart', '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ __typename }"}\r\n--x--\r\n', 'multipart/form-data; boundary=x'],
      ['subscription over POST', JSON.stringify({ query: 'subscription { talkChannelMessageAdded(id: "x") { id } }' })],
      ['introspection of everything', JSON.stringify({ query: '{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } } } } }' })],
    ]
    await expectNoProblems(async () => {
      for (const headers of [{}, master]) {
        for (const [name, body, contentType] of documents) {
          const answer = await sendGraphQL(headers, body, true, contentType)
          record(`${Object.keys(headers).length > 0 ? 'master' : 'anonymous'}: ${name}`, graphqlProblems(answer, null), answer)
        }
        for (const [name, init] of [
          ['declared huge length', { headers: { 'content-length': String(2 ** 40) }, body: '{"query":"{ __typename }"}' }],
          ['chunked 66 MB', { body: hugeStream(), duplex: 'half' }],
        ] as const) {
          const answer = await send(new Request('http://test.local/graphql', { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...headers, ...('headers' in init ? init.headers : {}) } } as RequestInit), true)
          if (answer.status !== 413) problems.push(`${name}: expected 413, got ${answer.status} ${answer.text.slice(0, 200)}`)
          record(name, graphqlProblems({ ...answer, body: null }, null), answer)
        }
        for (const query of ['%7B%20__typename%20%7D%00', '%E0%A4%A', `{ ${'a'.repeat(20_000)} }`]) {
          const answer = await send(new Request(`http://test.local/graphql?query=${query}`, { headers: { ...headers, accept: 'application/json' } }), true)
          record(`GET /graphql?query=${query.slice(0, 40)}`, graphqlProblems({ ...answer, body: null }, null), answer)
        }
      }
    })
  })
})

describe('what this suite found (each of these failed before its fix)', () => {
  const bearer = () => ({ authorization: `Bearer ${world.token}`, 'content-type': 'application/json' })

  it('JSON nested 10,000 deep is a 400 at the REST edge and BAD_USER_INPUT in GraphQL variables, not a 500', async () => {
    const menu = await ctx.app.fetch(new Request(`http://test.local/v1.0/bots/${world.bot.botId}/persistentmenu`, { method: 'POST', headers: bearer(), body: deepArrays(10_000) }))
    expect(menu.status).toBe(400)
    expect(await menu.json()).toEqual({ code: 'INVALID_PARAMETER', description: 'The body is nested more than 100 levels deep' })
    const before = await ctx.db.prisma.talkMessage.count()
    const flex = `{"content":{"type":"flex","altText":"a","contents":{"type":"bubble","body":${'{"type":"box","layout":"vertical","contents":['.repeat(1_000)}${']}'.repeat(1_000)}}}}`
    const sent = await ctx.app.fetch(new Request(`http://test.local/v1.0/bots/${world.bot.botId}/users/${world.userId}/messages`, { method: 'POST', headers: bearer(), body: flex }))
    expect(sent.status).toBe(400)
    expect(await ctx.db.prisma.talkMessage.count()).toBe(before)
    const deep = await sendGraphQL({}, `{"query":"query($v: JSON) { __typename }","variables":{"v":${deepArrays(10_000)}}}`, false)
    expect(deep.status).toBe(200)
    expect(deep.body?.errors).toEqual([{ message: 'variables.v: nested more than 100 levels deep', extensions: { code: 'BAD_USER_INPUT' } }])
  })

  it('refusals made in our own code keep their status and code in tests as in production (one copy of graphql)', async () => {
    const nul = await sendGraphQL({}, JSON.stringify({ query: 'query($q: String) { setupStatus { __typename } q: __typename }', variables: { q: 'a\u0000' } }), false)
    expect(nul.status).toBe(200)
    expect(nul.body?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    const date = await world.master.gql('query($to: DateTime) { auditEntries(to: $to, first: 1) { edges { cursor } } }', { to: 'not a date' })
    expect(date.errors?.[0]?.message).toMatch(/DateTime must be an ISO 8601 string/)
    expect(date.errors?.map((error) => error.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR')
    // Pothos' own refusals were answered as "a malformed or out-of-range value" in production.
    const deep = await world.master.gql(`{ members(first: 1) { edges { node { ${'domain { orgUnits { '.repeat(8)}id${' } }'.repeat(8)} } } } }`)
    expect(deep.errors).toEqual([expect.objectContaining({ message: 'Query exceeds maximum depth (depth: 20, max: 12)', extensions: { code: 'LIMIT_EXCEEDED' } })])
  })

  it('talkViewer answers null to anyone not signed in to the talk view, without an error', async () => {
    expect(await new TestClient(ctx.app).gql('{ talkViewer { loginId domainName tenantName } }')).toEqual({ data: { talkViewer: null } })
    expect(await world.master.gql('{ talkViewer { loginId domainName tenantName } }')).toEqual({ data: { talkViewer: null } })
  })
})

describe('after the fuzz', () => {
  it('still answers /healthz and a normal signed-in query, within the heap budget, and the other tenant is untouched', async () => {
    const health = await ctx.app.fetch(new Request('http://test.local/healthz'))
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    const { viewer, bots } = await world.master.data('{ viewer { admin { role } } bots(first: 5) { totalCount } }')
    expect(viewer.admin.role).toBe('MASTER')
    expect(bots.totalCount).toBeGreaterThanOrEqual(1)
    const token = await ctx.app.fetch(new Request(`http://test.local/v1.0/bots/${world.bot.botId}`, { headers: { authorization: `Bearer ${world.token}` } }))
    expect(token.status).toBe(200)
    expect(await foreignRows()).toEqual(foreignBefore)
    // What the process keeps, not the garbage it has yet to collect: collect first.
    v8.setFlagsFromString('--expose-gc')
    const collectGarbage = runInNewContext('gc') as () => void
    collectGarbage()
    const heap = process.memoryUsage().heapUsed
    const sent = [...tally].sort().map(([what, count]) => `${what} ${count}`).join(', ')
    console.log(`fuzz (${testDatabaseKind}): ${sent}; heap used ${(heap / 1024 / 1024).toFixed(0)} MB of a ${HEAP_BUDGET_BYTES / 1024 / 1024} MB budget`)
    expect(heap).toBeLessThan(HEAP_BUDGET_BYTES)
  })
})
