import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiDir, buildApi, productionNodeArgs } from '../scripts/production.mjs'
import { adminDatabase, databaseUrl, testDatabaseKind } from './database.ts'
import { freePort } from './http-app.ts'
import { issueAccessToken } from './oauth.ts'

/**
 * Two API processes as production runs them (compiled, each its own process) on one PostgreSQL
 * database and one Redis (REDIS_URL, 127.0.0.1:6379 on every machine here): a member subscribed on
 * one process receives the messages sent through the other, and a rate limit holds in total across
 * both. The embedded database runs one process, so this file runs on PostgreSQL only.
 */

const bundle = 'dist/multi-process-test.js'
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const LOGIN_LIMIT = 4

/** A signed-in browser, as cookies: it may send each request to either process (sessions live in the database). */
class Session {
  private readonly cookies = new Map<string, string>()

  private headers(extra: Record<string, string> = {}) {
    return {
      'content-type': 'application/json',
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': this.cookies.get('wb_csrf') ?? '',
      'x-member-csrf-token': this.cookies.get('wb_mcsrf') ?? '',
      ...extra,
    }
  }

  async gql(origin: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] }> {
    const response = await fetch(`${origin}/graphql`, { method: 'POST', headers: this.headers(), body: JSON.stringify({ query, variables }) })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return (await response.json()) as { data?: Record<string, any> }
  }

  async data(origin: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const body = await this.gql(origin, query, variables)
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
  }

  /** A subscription over server-sent events; `text()` is everything received so far. */
  async subscribe(origin: string, query: string, variables: Record<string, unknown>) {
    const controller = new AbortController()
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: this.headers({ accept: 'text/event-stream' }),
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    })
    const reader = response.body?.getReader()
    if (!reader) throw new Error('the subscription answered without a body')
    let text = ''
    const decoder = new TextDecoder()
    const reading = (async () => {
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) return
        text += decoder.decode(chunk.value, { stream: true })
      }
    })().catch(() => {})
    return {
      text: () => text,
      close: async () => {
        controller.abort()
        await reading
      },
    }
  }
}

/** Waits for `done()`, checking every 50 ms, at most `ms`. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms = 20_000) {
  for (const deadline = Date.now() + ms; !(await done()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
  }
}

async function startApi(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, productionNodeArgs(process.env, bundle), { cwd: apiDir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  const origin = `http://127.0.0.1:${env.PORT}`
  for (let waited = 0; waited < 120_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`)
    const ready = await fetch(`${origin}/readyz`).then(
      async (response) => response.ok && ((await response.json()) as { redis?: boolean }).redis === true,
      () => false,
    )
    if (ready) return child
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error('the API did not become ready')
}

describe.skipIf(testDatabaseKind !== 'postgres')('several API processes on one PostgreSQL database and Redis', () => {
  const children: ChildProcess[] = []
  const origins: string[] = []
  let dataDir = ''
  let dbName = ''

  beforeAll(async () => {
    buildApi(bundle)
    dataDir = await mkdtemp(join(tmpdir(), 'wb-multi-'))
    dbName = `wb_multi_${randomBytes(5).toString('hex')}`
    await adminDatabase((admin) => admin.query(`CREATE DATABASE ${dbName}`))
    const shared = {
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      SECRETS_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: databaseUrl(dbName),
      REDIS_URL: redisUrl,
      LOGIN_RATE_LIMIT_PER_15MIN: String(LOGIN_LIMIT),
    }
    // One after the other: the first applies the migrations.
    for (let index = 0; index < 2; index += 1) {
      const port = String(await freePort())
      children.push(await startApi({ ...shared, PORT: port }))
      origins.push(`http://127.0.0.1:${port}`)
    }
  }, 240_000)

  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGTERM')
      await (child.exitCode === null ? once(child, 'exit') : Promise.resolve())
    }
    await adminDatabase((admin) => admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`))
    await rm(dataDir, { recursive: true, force: true })
  }, 60_000)

  it('a member subscribed on one process receives, in order, every message sent through the other', async () => {
    const [a = '', b = ''] = origins
    const admin = new Session()
    await admin.data(a, `mutation($input: SetupInput!) { setup(input: $input) { __typename } }`, {
      input: { organizationName: 'Multi Co', domainName: 'multi.example', timeZone: 'Asia/Tokyo', language: 'JA', adminName: 'Admin', adminEmail: 'admin@multi.example', password: 'multi-password-1' },
    })
    const domainId = (await admin.data(a, '{ domains { id } }')).domains[0].id as string
    const member = (
      await admin.data(a, `mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { ... on MutationCreateMemberSuccess { member { id } } } }`, {
        input: { domainId, loginId: 'talker@multi.example', familyName: '話し', givenName: '手' },
      })
    ).createMember.member.id as string
    await admin.data(a, `mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, { input: { id: member, password: 'member-pass-1234' } })
    const bot = (
      await admin.data(b, `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
        input: { name: 'Echo', description: 'listens', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [member] },
      })
    ).createBot.bot.id as string
    await admin.data(b, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, { input: { id: bot, domainId, visibility: 'ALL' } })

    const talker = new Session()
    await talker.data(a, `mutation($input: MemberLoginInput!) { memberLogin(input: $input) { __typename } }`, { input: { loginId: 'talker@multi.example', password: 'member-pass-1234' } })
    const send = async (origin: string, text: string) => {
      const sent = await talker.data(origin, `mutation($input: MutationSendTalkMessageInput!) { sendTalkMessage(input: $input) { __typename ... on Error { message } } }`, {
        input: { botId: bot, text },
      })
      expect(sent.sendTalkMessage.__typename).toBe('MutationSendTalkMessageSuccess')
    }
    await send(a, 'hello')
    const live = await talker.subscribe(a, `subscription($botId: ID!) { talkMessageAdded(botId: $botId) { content } }`, { botId: bot })
    try {
      // The subscription listens once its process has subscribed in Redis: until then a message sent
      // elsewhere is not seen by it, so the test sends through the other process until one arrives.
      let probe = 0
      await until('the first message sent through the other process', async () => {
        probe += 1
        await send(b, `probe ${probe}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
        return live.text().includes('probe ')
      })
      const texts = Array.from({ length: 20 }, (_, index) => `through B #${index}`)
      for (const text of texts) await send(b, text)
      await until('every message sent through the other process', () => texts.every((text) => live.text().includes(text)))
      const seen = [...live.text().matchAll(/through B #(\d+)/g)].map((match) => Number(match[1]))
      expect(seen).toEqual(texts.map((_, index) => index))
    } finally {
      await live.close()
    }
  }, 60_000)

  it('a message the bot sends with the Bot API, and an attendance reply, reach the member subscribed on the other process', async () => {
    const [a = '', b = ''] = origins
    const admin = new Session()
    await admin.data(a, `mutation($input: LoginInput!) { login(input: $input) { __typename } }`, { input: { email: 'admin@multi.example', password: 'multi-password-1' } })
    const domainId = (await admin.data(a, '{ domains { id } }')).domains[0].id as string
    const member = (
      await admin.data(a, `mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { ... on MutationCreateMemberSuccess { member { id userId } } } }`, {
        input: { domainId, loginId: 'stamper@multi.example', familyName: '打刻', givenName: '者' },
      })
    ).createMember.member as { id: string; userId: string }
    await admin.data(a, `mutation($input: MutationSetMemberPasswordInput!) { setMemberPassword(input: $input) { __typename } }`, { input: { id: member.id, password: 'member-pass-1234' } })
    const bot = (
      await admin.data(a, `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id botId } } } }`, {
        input: { name: '勤怠', description: 'stamps', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [member.id] },
      })
    ).createBot.bot as { id: string; botId: number }
    await admin.data(a, `mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, { input: { id: bot.id, domainId, visibility: 'ALL' } })
    const token = await issueAccessToken({
      data: (query: string, variables?: Record<string, unknown>) => admin.data(a, query, variables),
      request: (path: string, init?: RequestInit) => fetch(`${a}${path}`, init),
    } as Parameters<typeof issueAccessToken>[0])

    const stamper = new Session()
    await stamper.data(a, `mutation($input: MemberLoginInput!) { memberLogin(input: $input) { __typename } }`, { input: { loginId: 'stamper@multi.example', password: 'member-pass-1234' } })
    await stamper.data(a, `mutation($input: MutationOpenTalkInput!) { openTalk(input: $input) { __typename } }`, { input: { botId: bot.id } })
    const live = await stamper.subscribe(a, `subscription($botId: ID!) { talkMessageAdded(botId: $botId) { sender content } }`, { botId: bot.id })
    try {
      const botSend = (text: string) =>
        fetch(`${b}/v1.0/bots/${bot.botId}/users/${member.userId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ content: { type: 'text', text } }),
        }).then((response) => response.status)
      let probe = 0
      await until('a Bot API message sent through the other process', async () => {
        probe += 1
        expect(await botSend(`bot probe ${probe}`)).toBe(201)
        await new Promise((resolve) => setTimeout(resolve, 100))
        return live.text().includes('bot probe ')
      })
      expect(await botSend('from the bot server, through B')).toBe(201)
      await until('the Bot API message', () => live.text().includes('from the bot server, through B'))

      // The bot becomes the attendance bot: the member clocks in through B, and the reply (made by the
      // job worker of whichever process claimed the event) reaches the subscriber on A.
      const linked = await admin.data(a, `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename ... on Error { message } } }`, {
        input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id },
      })
      expect(linked.setupAttendanceLinkage.__typename).toBe('MutationSetupAttendanceLinkageSuccess')
      await admin.data(a, `mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
        input: { memberId: member.id, accountId: 'stamper@multi.example' },
      })
      const sent = await stamper.data(b, `mutation($input: MutationSendTalkMessageInput!) { sendTalkMessage(input: $input) { __typename } }`, { input: { botId: bot.id, text: '出勤' } })
      expect(sent.sendTalkMessage.__typename).toBe('MutationSendTalkMessageSuccess')
      await until('the attendance reply', () => /打刻さん、出勤を \d\d:\d\d に記録しました/.test(live.text()))
    } finally {
      await live.close()
    }
  }, 60_000)

  it('a login limit holds in total across both processes, not per process', async () => {
    const [a = '', b = ''] = origins
    const email = `nobody-${randomBytes(4).toString('hex')}@multi.example`
    const attempt = async (origin: string) => {
      const body = await new Session().gql(origin, `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { code } } }`, {
        input: { email, password: 'wrong-password-1' },
      })
      return body.data?.login?.code ?? body.errors?.[0]?.extensions?.code
    }
    // LOGIN_LIMIT attempts spread over both processes are answered; the next one, on either, is refused.
    const answers: string[] = []
    for (let index = 0; index < LOGIN_LIMIT; index += 1) answers.push(await attempt(index % 2 === 0 ? a : b))
    expect(answers.every((code) => code === 'UNAUTHENTICATED' || code === 'AUTHENTICATION')).toBe(true)
    expect(await attempt(a)).toBe('RATE_LIMITED')
    expect(await attempt(b)).toBe('RATE_LIMITED')
  }, 30_000)
})
