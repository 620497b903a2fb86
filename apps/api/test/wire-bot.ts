/**
 * A small LINE WORKS bot server written only from docs/lineworks-wire.md (../shared/docs), with no
 * code from this project: what an integrator's existing bot does. It
 *  - receives callbacks, verifies X-WORKS-Signature (base64 HMAC-SHA256 of the raw body with the Bot
 *    Secret as UTF-8) in constant time and answers 401 on a bad one, 200 otherwise;
 *  - gets an access token with the JWT bearer grant (RS256 assertion: iss = client id, sub = service
 *    account, iat/exp) from `<authBase>/oauth2/v2.0/token` and reuses it until it expires;
 *  - answers every text message with `POST <apiBase>/v1.0/bots/{botId}/users/{userId}/messages`.
 * Only the base URLs point at our platform, exactly as a bot moving from LINE WORKS would change them.
 */
import { createHmac, createPrivateKey, sign, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WireBotConfig {
  botId: string
  botSecret: string
  clientId: string
  clientSecret: string
  serviceAccount: string
  privateKey: string
  /** e.g. https://auth.worksmobile.com; here our platform's origin. */
  authBase: string
  /** e.g. https://www.worksapis.com; here our platform's origin. */
  apiBase: string
}

export interface WireBot {
  url: string
  /** Every callback that passed the signature check, as parsed JSON. */
  events: Record<string, unknown>[]
  /** Callbacks refused for a bad signature. */
  refused: number
  /** Replies sent through the Bot API, with the platform's status code. */
  replies: { userId: string; text: string; status: number }[]
  close(): Promise<void>
}

function readRaw(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

function signatureValid(secret: string, raw: Buffer, header: string | undefined): boolean {
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest()
  let given: Buffer
  try {
    given = Buffer.from(header ?? '', 'base64')
  } catch {
    return false
  }
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function startWireBot(config: WireBotConfig): Promise<WireBot> {
  const events: Record<string, unknown>[] = []
  const replies: WireBot['replies'] = []
  let refused = 0
  let token: { value: string; expiresAt: number } | null = null
  const pending = new Set<Promise<void>>()

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > Date.now() + 60_000) return token.value
    const now = Math.floor(Date.now() / 1000)
    const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({ iss: config.clientId, sub: config.serviceAccount, iat: now, exp: now + 3600 })}`
    const assertion = `${unsigned}.${sign('sha256', Buffer.from(unsigned), createPrivateKey(config.privateKey)).toString('base64url')}`
    const response = await fetch(`${config.authBase}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        assertion,
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        scope: 'bot',
      }),
    })
    const body = (await response.json()) as { access_token?: string; expires_in?: number | string }
    if (!response.ok || !body.access_token) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`)
    token = { value: body.access_token, expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000 }
    return token.value
  }

  async function reply(userId: string, text: string): Promise<void> {
    const response = await fetch(`${config.apiBase}/v1.0/bots/${config.botId}/users/${encodeURIComponent(userId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken()}` },
      body: JSON.stringify({
        content: {
          type: 'text',
          text,
          quickReply: { items: [{ action: { type: 'postback', label: 'OK', data: 'ok', displayText: 'OK' } }] },
        },
      }),
    })
    replies.push({ userId, text, status: response.status })
  }

  const server: Server = createServer(async (request, response) => {
    const raw = await readRaw(request)
    if (!signatureValid(config.botSecret, raw, request.headers['x-works-signature'] as string | undefined)) {
      refused += 1
      response.statusCode = 401
      response.end()
      return
    }
    const event = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
    events.push(event)
    // Acknowledge first; reply in the background, as LINE WORKS bots are told to.
    response.statusCode = 200
    response.end()
    const source = (event.source ?? {}) as { userId?: string }
    const content = (event.content ?? {}) as { type?: string; text?: string }
    if (event.type === 'message' && content.type === 'text' && source.userId) {
      const work = reply(source.userId, `echo: ${content.text}`).catch((error: unknown) => {
        replies.push({ userId: source.userId ?? '', text: String(error), status: 0 })
      })
      pending.add(work)
      void work.finally(() => pending.delete(work))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/callback`,
    events,
    get refused() {
      return refused
    },
    replies,
    async close() {
      await Promise.allSettled([...pending])
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
