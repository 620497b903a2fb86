import type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada'
import { print } from 'graphql'
import { afterAll, beforeAll } from 'vitest'
import { createApp, type App } from '../src/app.ts'
import type { Database } from '../src/db/index.ts'
import { readEnv, type Env } from '../src/env.ts'
import { hashPassword } from '../src/lib/crypto.ts'
import { allocateLwDomainId } from '../src/services/domains.ts'
import { createServices, type PubSubChannels, type Services } from '../src/services/index.ts'
import { memberKeys } from '../src/services/members.ts'
import { createTestDatabase } from './database.ts'
import { deferred } from './deferred.ts'
import type { AuthorityLevel } from '#generated/prisma/enums.ts'

export interface TestContext {
  app: App
  db: Database
  env: Env
  services: Services
}

/** One app on a fresh database per test file (set up in beforeAll, dropped in afterAll). */
export function useTestApp(envOverrides: Record<string, string> = {}): TestContext {
  const context = {} as TestContext
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const test = await createTestDatabase()
    drop = test.drop
    context.db = test.db
    context.env = readEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...envOverrides })
    context.services = createServices(context.env)
    context.app = createApp({ db: test.db, env: context.env, services: context.services })
  }, 60_000)
  afterAll(async () => {
    await drop?.()
  })
  return context
}

export interface GraphQLError {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; [key: string]: unknown }
}

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T
  errors?: GraphQLError[]
}

type AnyDocument = TadaDocumentNode<any, any>

/** The variables argument of a typed document: optional when the operation declares none. */
type VariablesArgument<Document extends AnyDocument> = Record<string, never> extends VariablesOf<Document>
  ? [variables?: VariablesOf<Document>]
  : [variables: VariablesOf<Document>]

/** Narrows a result union by its `__typename`; fails the test when it is another member (or absent). */
export function expectTypename<Value extends { __typename?: string }, Name extends NonNullable<Value['__typename']>>(
  value: Value | null | undefined,
  typename: Name,
): Extract<Value, { __typename?: Name }> {
  if (value?.__typename !== typename) throw new Error(`Expected ${typename}, got ${JSON.stringify(value)}`)
  return value as Extract<Value, { __typename?: Name }>
}

/** A client of the app: keeps cookies like a browser and sends the CSRF header like the SPA. */
export class TestClient {
  private cookies = new Map<string, string>()
  bearer: string | null = null

  constructor(
    private readonly app: App,
    private readonly ip = '127.0.0.1',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const csrf = this.cookies.get('wb_csrf')
    if (csrf && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf)
    const memberCsrf = this.cookies.get('wb_mcsrf')
    if (memberCsrf && !headers.has('x-member-csrf-token')) headers.set('x-member-csrf-token', memberCsrf)
    if (this.bearer) headers.set('authorization', `Bearer ${this.bearer}`)
    const response = await this.app.fetch(new Request(`http://test.local${path}`, { ...init, headers }), { ip: this.ip })
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = setCookie.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (attributes.some((attribute) => attribute.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  async gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    const response = await this.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as GraphQLResult<T>
  }

  /** Runs a query and fails the test on any GraphQL error. */
  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.gql<T>(query, variables)
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`)
    return result.data
  }

  /** Runs a typed document (test/graphql.ts) and returns its data; fails the test on any GraphQL error. */
  async runOk<Document extends AnyDocument>(document: Document, ...[variables]: VariablesArgument<Document>): Promise<ResultOf<Document>> {
    return this.data<ResultOf<Document>>(print(document), variables ?? {})
  }

  /** Runs a typed document that must fail; returns its GraphQL errors (fails the test when there are none). */
  async runError<Document extends AnyDocument>(document: Document, ...[variables]: VariablesArgument<Document>): Promise<GraphQLError[]> {
    const result = await this.gql<ResultOf<Document>>(print(document), variables ?? {})
    if (!result.errors?.length) throw new Error(`Expected GraphQL errors, got data: ${JSON.stringify(result.data)}`)
    return result.errors
  }

  async login(email: string, password: string): Promise<this> {
    const result = await this.data<{ login: { __typename: string } }>(
      'mutation($input: LoginInput!) { login(input: $input) { __typename } }',
      { input: { email, password } },
    )
    if (result.login.__typename !== 'MutationLoginSuccess') throw new Error(`login failed: ${result.login.__typename}`)
    return this
  }

  /** Signs a member in to the talk view (their password set by an admin). */
  async memberLogin(loginId: string, password: string): Promise<this> {
    const result = await this.data<{ memberLogin: { __typename: string } }>(
      'mutation($input: MemberLoginInput!) { memberLogin(input: $input) { __typename } }',
      { input: { loginId, password } },
    )
    if (result.memberLogin.__typename !== 'MutationMemberLoginSuccess') throw new Error(`member login failed: ${result.memberLogin.__typename}`)
    return this
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  forgetCookie(name: string) {
    this.cookies.delete(name)
  }
}

export const TEST_PASSWORD = 'correct-horse-9'
let sequence = 0
let testPasswordHashing: Promise<string> | undefined

/** The argon2 hash of TEST_PASSWORD, computed once per test file (hashing costs ~50 ms of CPU each time). */
export function testPasswordHash(): Promise<string> {
  testPasswordHashing ??= hashPassword(TEST_PASSWORD)
  return testPasswordHashing
}

export interface Authorities {
  members?: AuthorityLevel
  bots?: AuthorityLevel
  external?: AuthorityLevel
  attendance?: AuthorityLevel
  audit?: AuthorityLevel
}

/** Factory: a tenant with one domain and a master admin; returns ids and a signed-in client. */
export async function createTenant(context: TestContext, name = 'Acme') {
  sequence += 1
  const prisma = context.db.prisma
  const tenant = await prisma.tenant.create({ data: { name: `${name} ${sequence}` } })
  const domain = await prisma.domain.create({
    data: { tenantId: tenant.id, name: `t${sequence}.example`, displayName: name, lwDomainId: await allocateLwDomainId(prisma) },
  })
  const master = await prisma.adminAccount.create({
    data: {
      tenantId: tenant.id,
      email: `master${sequence}@t${sequence}.example`,
      name: 'Master',
      role: 'MASTER',
      passwordHash: await testPasswordHash(),
    },
  })
  const client = await new TestClient(context.app).login(master.email, TEST_PASSWORD)
  return { tenant, domain, master, client }
}

/** Factory: a general admin with the given authorities, signed in. */
export async function createAdmin(context: TestContext, tenantId: string, authorities: Authorities) {
  sequence += 1
  const admin = await context.db.prisma.adminAccount.create({
    data: {
      tenantId,
      email: `admin${sequence}@example.test`,
      name: `Admin ${sequence}`,
      passwordHash: await testPasswordHash(),
      membersAuthority: authorities.members ?? 'NONE',
      botsAuthority: authorities.bots ?? 'NONE',
      externalAuthority: authorities.external ?? 'NONE',
      attendanceAuthority: authorities.attendance ?? 'NONE',
      auditAuthority: authorities.audit ?? 'NONE',
    },
  })
  const client = await new TestClient(context.app).login(admin.email, TEST_PASSWORD)
  return { admin, client }
}

/** Factory: members inserted directly (fast), with login ids `<prefix><n>@<domain>`. */
export async function createMembers(
  context: TestContext,
  tenant: { id: string },
  domain: { id: string; name: string },
  count: number,
  prefix = 'user',
) {
  const data = Array.from({ length: count }, (_, index) => {
    const loginId = `${prefix}${String(index + 1).padStart(4, '0')}@${domain.name}`
    return {
      tenantId: tenant.id,
      domainId: domain.id,
      loginId,
      familyName: '山田',
      givenName: `${prefix}${index + 1}`,
      ...memberKeys({ loginId, familyName: '山田', givenName: `${prefix}${index + 1}` }),
    }
  })
  await context.db.prisma.member.createMany({ data })
  return context.db.prisma.member.findMany({ where: { tenantId: tenant.id, loginId: { startsWith: prefix } }, orderBy: { loginId: 'asc' } })
}

/**
 * Resolves once the next subscription to `channel` listens on the app's pubsub: it watches
 * `services.pubsub.subscribe` and resolves when the subscriber first asks for an event (a pubsub
 * subscription adds its listener then, synchronously).
 */
export function whenSubscribed(services: Services, channel: keyof PubSubChannels): Promise<void> {
  const listening = deferred()
  const pubsub = services.pubsub
  const original = pubsub.subscribe
  const subscribe = original.bind(pubsub) as (...args: [string, string]) => ReturnType<typeof original>
  const watching = (...args: [string, string]) => {
    const events = subscribe(...args)
    if (args[0] !== channel) return events
    pubsub.subscribe = original
    const next = events.next.bind(events)
    events.next = (...nextArgs) => {
      const result = next(...nextArgs)
      listening.resolve()
      return result
    }
    return events
  }
  pubsub.subscribe = watching as typeof original
  return listening.promise
}

/** A GraphQL subscription over SSE, read continuously as a browser reads it. */
export interface LiveStream {
  response: Response
  /** Resolves with everything read so far once it contains `needle`; rejects if the stream ends first. */
  until(needle: string): Promise<string>
  close(): Promise<void>
}

/** Opens a subscription and returns once the server listens for its events on `channel`. */
export async function subscribe(
  context: TestContext,
  client: TestClient,
  channel: keyof PubSubChannels,
  query: string,
  variables: Record<string, unknown>,
): Promise<LiveStream> {
  const listening = whenSubscribed(context.services, channel)
  const response = await client.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  })
  const reader = response.body?.getReader()
  if (!reader) throw new Error('The subscription answered without a body')
  let text = ''
  let ended = false
  const end = deferred()
  const waiters = new Set<() => void>()
  const changed = () => {
    for (const waiter of [...waiters]) waiter()
  }
  // The server starts the subscription when the stream is read.
  const reading = (async () => {
    const decoder = new TextDecoder()
    for (;;) {
      const chunk = await reader.read()
      if (chunk.done) break
      text += decoder.decode(chunk.value, { stream: true })
      changed()
    }
  })()
    .catch(() => {})
    .finally(() => {
      ended = true
      changed()
      end.resolve()
    })
  const until = (needle: string) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (text.includes(needle)) resolve(text)
        else if (ended) reject(new Error(`The subscription ended without ${JSON.stringify(needle)}: ${text}`))
        else return
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  await Promise.race([
    listening,
    end.promise.then(() => {
      throw new Error(`The subscription ended before it listened: ${text}`)
    }),
  ])
  return {
    response,
    until,
    async close() {
      await reader.cancel()
      await reading
    },
  }
}
