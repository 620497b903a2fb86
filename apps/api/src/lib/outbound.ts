import { promises as dns, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { AppError } from '../errors.ts'

// Bots get events POSTed to a URL their owner typed in, so that URL must never become a way to reach
// our own network (SSRF). A callback URL is checked twice: when it is registered (checkCallbackUrl,
// for a clear error message) and again on every delivery (postChecked), which resolves the name,
// refuses unless every address is public, and then connects to exactly the address it checked, so a
// DNS answer that changes between the check and the connection (DNS rebinding) gets nowhere.
// Connections are kept alive per checked address set (see agentFor): a pooled connection was opened
// to an address that passed the same check, so reusing it reaches nothing the check did not allow.

/** Longest callback URL we store; anything longer is almost certainly not a real endpoint. */
export const CALLBACK_URL_MAX_LENGTH = 1000
const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024

/** Machine-readable reasons; each OutboundError also carries an English message for the bot's owner. */
export type OutboundErrorCode =
  | 'INVALID_URL'
  | 'TOO_LONG'
  | 'NOT_HTTPS'
  | 'CREDENTIALS'
  | 'FRAGMENT'
  | 'UNRESOLVABLE'
  | 'PRIVATE_ADDRESS'
  | 'REDIRECT'
  | 'TIMEOUT'
  | 'UNREACHABLE'

/**
 * Why a callback URL was refused or a delivery failed. An AppError, so the API shows `code` and
 * `message` to the bot's owner as they are (they say what to fix and reveal nothing internal
 * beyond what the owner's own DNS already answers).
 */
export class OutboundError extends AppError {
  constructor(
    override readonly code: OutboundErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * Whether sending to the same URL again is bound to be refused the same way (not HTTPS, a private
 * address, credentials, a redirect, …); name lookups, timeouts and connection failures may pass later.
 */
export function refusedForGood(error: unknown): boolean {
  return error instanceof OutboundError && error.code !== 'UNRESOLVABLE' && error.code !== 'TIMEOUT' && error.code !== 'UNREACHABLE'
}

/** Resolves a host name to all its addresses. Injectable so tests can fake DNS answers. */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>

/** Every A and AAAA record, in the resolver's order, so that no address escapes the check. */
const systemResolve: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true })

/** What the operator configured (env CALLBACK_ALLOWED_HOSTS, CALLBACK_ALLOW_HTTP) plus a test seam. */
export interface OutboundOptions {
  /**
   * Hosts that skip the public-address check: exact host names or IPs, case-insensitive, optionally
   * `host:port` (then only that port; IPv6 as `[::1]:8443`). This is how tests and on-premise
   * operators reach a receiver on a private network. It does not relax HTTPS on its own.
   */
  allowedHosts?: readonly string[]
  /**
   * Also accept plain `http:` for the allow-listed hosts (never for any other host). Meant for local
   * test receivers; off by default because the events and their signatures would travel in clear.
   */
  allowHttpForAllowedHosts?: boolean
  /** Replaces the system resolver (tests). */
  lookup?: ResolveHost
}

/** Options of one delivery. */
export interface PostOptions extends OutboundOptions {
  /** Limit for the whole delivery, DNS included (default 10 s). */
  timeoutMs?: number
  /** Bytes of the response body kept (default 64 KB); the rest is not read. */
  maxResponseBytes?: number
}

/** A delivery's outcome. Any status that is not a redirect is returned, the caller judges it. */
export interface PostResult {
  status: number
  /** The response body decoded as UTF-8, cut at maxResponseBytes. */
  bodyText: string
  /** From the call to the end of the response body, DNS included. */
  latencyMs: number
  /** The checked address the connection went to. */
  address: string
}

/** Result of checking a callback URL at registration time. */
export type CallbackUrlCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; code: OutboundErrorCode; message: string }

/**
 * Validates a callback URL the way a delivery would (syntax, HTTPS, DNS, public addresses) and
 * reports the first problem as data, so registration can show it next to the field. Passing it does
 * not make later deliveries safe by itself: DNS can change, which is why postChecked checks again.
 */
export async function checkCallbackUrl(url: string, options: OutboundOptions = {}): Promise<CallbackUrlCheck> {
  try {
    return { ok: true, ...(await resolveCallbackUrl(url, options)) }
  } catch (error) {
    if (error instanceof OutboundError) return { ok: false, code: error.code, message: error.message }
    throw error
  }
}

/**
 * POSTs `body` (sent byte for byte, callers sign those bytes) to a callback URL after checking it,
 * connecting only to the addresses that passed the check (the TLS certificate is still verified
 * against the host name). Redirects are never followed: a 3xx rejects with a REDIRECT error, since
 * following one would let a public receiver point us at an internal address. Every other status is
 * returned for the caller to judge. Rejects with an OutboundError: the check's codes, REDIRECT,
 * TIMEOUT (default 10 s for the whole delivery) or UNREACHABLE (connection or TLS failure).
 */
export async function postChecked(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
  options: PostOptions = {},
): Promise<PostResult> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return requestChecked('POST', url, payload, headers, options)
}

/** GETs a URL with the same checks, pinning, redirect refusal and limits as postChecked. */
export function getChecked(url: string, headers: Record<string, string>, options: PostOptions = {}): Promise<PostResult> {
  return requestChecked('GET', url, Buffer.alloc(0), headers, options)
}

async function requestChecked(method: 'GET' | 'POST', url: string, payload: Buffer, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const started = performance.now()
  const target = await withTimeout(resolveCallbackUrl(url, options), timeoutMs)
  return send(target, payload, headers, { started, timeoutMs, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, method })
}

/**
 * A `lookup` for http(s).request that ignores the name and answers only with the addresses already
 * checked, so the socket cannot be sent elsewhere by a second DNS answer. Handles both the
 * single-address form and the `all: true` form Node uses for happy eyeballs.
 */
export function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }))
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0)
    const usable = entries.filter((entry) => family === 0 || entry.family === family)
    const first = usable[0]
    process.nextTick(() => {
      if (!first) callback(Object.assign(new Error(`No checked IPv${family} address`), { code: 'ENOTFOUND' }), [])
      else if (options.all) callback(null, usable)
      else callback(null, first.address, first.family)
    })
  }
}

/**
 * Whether an IP address is publicly routable, the rule every callback address must pass (IPv6 forms
 * that carry an IPv4 address are judged by that address). Anything that is not a valid IP is not.
 */
export function isPublicAddress(address: string): boolean {
  return whyNotPublic(address) === undefined
}

// ---------------------------------------------------------------------------------------------
// The check

async function resolveCallbackUrl(raw: string, options: OutboundOptions): Promise<{ url: URL; addresses: string[] }> {
  const url = parseCallbackUrl(raw, options)
  const addresses = await resolveAddresses(url.hostname, options.lookup ?? systemResolve)
  if (!isAllowedHost(url, options.allowedHosts)) {
    const literal = isIP(bareHost(url.hostname)) !== 0
    for (const address of addresses) {
      const reason = whyNotPublic(address)
      if (reason === undefined) continue
      const subject = literal ? 'The callback URL points to' : `The callback URL's host ${url.hostname} resolves to`
      throw new OutboundError('PRIVATE_ADDRESS', `${subject} ${address}, ${reason}`)
    }
  }
  return { url, addresses }
}

function parseCallbackUrl(raw: string, options: OutboundOptions): URL {
  if (raw.length > CALLBACK_URL_MAX_LENGTH) {
    throw new OutboundError('TOO_LONG', `The callback URL is longer than ${CALLBACK_URL_MAX_LENGTH} characters`)
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new OutboundError('INVALID_URL', 'The callback URL is not a valid absolute URL')
  }
  if (url.href.length > CALLBACK_URL_MAX_LENGTH) {
    throw new OutboundError('TOO_LONG', `The callback URL is longer than ${CALLBACK_URL_MAX_LENGTH} characters once encoded`)
  }
  const plainHttpAllowed =
    url.protocol === 'http:' && options.allowHttpForAllowedHosts === true && isAllowedHost(url, options.allowedHosts)
  if (url.protocol !== 'https:' && !plainHttpAllowed) {
    throw new OutboundError('NOT_HTTPS', `The callback URL must use https:, not ${url.protocol}`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundError('CREDENTIALS', 'The callback URL must not contain a user name or password')
  }
  if (url.hash !== '' || raw.includes('#')) {
    throw new OutboundError('FRAGMENT', 'The callback URL must not contain a fragment (#…)')
  }
  if (url.hostname === '') throw new OutboundError('INVALID_URL', 'The callback URL has no host name')
  return url
}

async function resolveAddresses(hostname: string, resolve: ResolveHost): Promise<string[]> {
  const host = bareHost(hostname)
  // IP literals (the URL parser has already turned 2130706433, 0x7f.1 and 127.1 into dotted quads).
  if (isIP(host) !== 0) return [host]
  let answers: readonly LookupAddress[]
  try {
    answers = await resolve(hostname)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code
    throw new OutboundError('UNRESOLVABLE', `The callback URL's host ${hostname} could not be resolved${code ? ` (${code})` : ''}`, {
      cause: error,
    })
  }
  const addresses = answers.map((answer) => answer.address)
  if (addresses.length === 0) {
    throw new OutboundError('UNRESOLVABLE', `The callback URL's host ${hostname} has no addresses`)
  }
  const invalid = addresses.find((address) => isIP(address) === 0)
  if (invalid !== undefined) {
    throw new OutboundError('UNRESOLVABLE', `The callback URL's host ${hostname} resolved to something that is not an IP address`)
  }
  return addresses
}

/** `[::1]` → `::1`: URL.hostname keeps the brackets of IPv6 literals, net and dns want them off. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}

// ---------------------------------------------------------------------------------------------
// The operator's allow-list

function isAllowedHost(url: URL, allowedHosts: readonly string[] = []): boolean {
  const port = Number(url.port || (url.protocol === 'http:' ? 80 : 443))
  return allowedHosts.some((entry) => {
    const allowed = parseHostEntry(entry)
    return allowed !== undefined && allowed.hostname === url.hostname && (allowed.port === undefined || allowed.port === port)
  })
}

/**
 * `name`, `name:port`, `1.2.3.4`, `::1`, `[::1]` or `[::1]:port`, with the host normalized the way
 * the URL parser normalizes the callback URL's host (lowercase, punycode, canonical IP forms).
 */
function parseHostEntry(entry: string): { hostname: string; port?: number } | undefined {
  const text = entry.trim()
  if (text === '' || /[\s/?#@\\]/.test(text)) return undefined
  let host = text
  let port: number | undefined
  if (isIP(text) === 6) {
    host = `[${text}]`
  } else {
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text)
    if (!match?.[1]) return undefined
    host = match[1]
    if (match[2] !== undefined) port = Number(match[2])
  }
  try {
    return { hostname: new URL(`https://${host}/`).hostname, port }
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// Public addresses. Ranges from the IANA special-purpose registries (RFC 6890 and successors).

type Family = 'ipv4' | 'ipv6'

function subnets(family: Family, list: string[]): BlockList {
  const blockList = new BlockList()
  for (const subnet of list) {
    const [network = '', prefix = ''] = subnet.split('/')
    blockList.addSubnet(network, Number(prefix), family)
  }
  return blockList
}

/** One BlockList per reason, so the refusal can say what kind of address it was. */
function ranges(family: Family, reasons: [reason: string, subnets: string[]][]): [string, BlockList][] {
  return reasons.map(([reason, list]) => [reason, subnets(family, list)])
}

const NON_PUBLIC_IPV4 = ranges('ipv4', [
  ['an unspecified ("this network") address', ['0.0.0.0/8']],
  ['a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['a carrier-grade NAT (shared) address', ['100.64.0.0/10']],
  ['a loopback address', ['127.0.0.0/8']],
  ['a link-local address', ['169.254.0.0/16']],
  ['an IETF-reserved address', ['192.0.0.0/24', '192.88.99.0/24']],
  ['a documentation address', ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']],
  ['a benchmarking address', ['198.18.0.0/15']],
  ['a multicast address', ['224.0.0.0/4']],
  ['a reserved or broadcast address', ['240.0.0.0/4']],
])

const NON_PUBLIC_IPV6 = ranges('ipv6', [
  ['an unspecified address', ['::/128']],
  ['a loopback address', ['::1/128']],
  ['a link-local address', ['fe80::/10']],
  ['a site-local address', ['fec0::/10']],
  ['a private (unique local) address', ['fc00::/7', '64:ff9b:1::/48']],
  ['a multicast address', ['ff00::/8']],
  ['a documentation address', ['2001:db8::/32', '3fff::/20']],
  // Teredo (2001::/32), benchmarking, ORCHID: nobody serves a callback from there.
  ['an IETF-reserved address', ['2001::/23', '100::/64', '5f00::/16']],
])

/** IPv6 forms that carry an IPv4 address, judged by that address; `group` is where it starts. */
const IPV4_EMBEDDINGS = [
  { within: subnets('ipv6', ['::ffff:0:0/96']), group: 6 }, // IPv4-mapped
  { within: subnets('ipv6', ['::ffff:0:0:0/96']), group: 6 }, // IPv4-translated (SIIT)
  { within: subnets('ipv6', ['::/96']), group: 6 }, // IPv4-compatible (deprecated)
  { within: subnets('ipv6', ['64:ff9b::/96']), group: 6 }, // NAT64
  { within: subnets('ipv6', ['2002::/16']), group: 1 }, // 6to4
]

/** Only global unicast is public; the rest of the IPv6 space is reserved or unassigned. */
const GLOBAL_UNICAST_IPV6 = subnets('ipv6', ['2000::/3'])

/** Undefined for a public address, else the reason it is not ("a private address"). */
function whyNotPublic(address: string): string | undefined {
  const family = isIP(address)
  if (family === 4) return matching(NON_PUBLIC_IPV4, address, 'ipv4')
  if (family !== 6) return 'not an IP address'
  if (address.includes('%')) return 'a scoped (link-local) address'
  const own = matching(NON_PUBLIC_IPV6, address, 'ipv6')
  if (own !== undefined) return own
  const embedded = embeddedIpv4(address)
  if (embedded !== undefined) {
    const reason = whyNotPublic(embedded)
    return reason === undefined ? undefined : `which embeds ${embedded}, ${reason}`
  }
  return GLOBAL_UNICAST_IPV6.check(address, 'ipv6') ? undefined : 'a reserved address'
}

function matching(lists: [string, BlockList][], address: string, family: Family): string | undefined {
  return lists.find(([, blockList]) => blockList.check(address, family))?.[0]
}

function embeddedIpv4(address: string): string | undefined {
  const group = IPV4_EMBEDDINGS.find(({ within }) => within.check(address, 'ipv6'))?.group
  if (group === undefined) return undefined
  const groups = ipv6Groups(address)
  const high = groups[group] ?? 0
  const low = groups[group + 1] ?? 0
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
}

/** The eight 16-bit groups of a valid IPv6 address; a trailing dotted quad counts as two groups. */
function ipv6Groups(address: string): number[] {
  let text = address
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, quad.index)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`
  }
  const parse = (part: string | undefined) => (part ? part.split(':').map((hex) => Number.parseInt(hex, 16)) : [])
  const [head, tail] = text.split('::')
  const front = parse(head)
  if (tail === undefined) return front
  const back = parse(tail)
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back]
}

// ---------------------------------------------------------------------------------------------
// The delivery

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function timeoutError(timeoutMs: number): OutboundError {
  return new OutboundError('TIMEOUT', `The callback URL did not answer within ${timeoutMs} ms`)
}

/** Idle keep-alive connections are closed after this (below the 5 s many servers keep them). */
const IDLE_SOCKET_MS = 4_000
/** Concurrent connections per checked address set; further requests wait for a free one. */
const MAX_SOCKETS_PER_TARGET = 32
/** Agents kept; the least recently used one is closed beyond this. */
const MAX_AGENTS = 256

const agents = new Map<string, http.Agent>()

/**
 * The keep-alive agent for one target: protocol, host name (the Host header and TLS name), port and
 * exactly the checked addresses. Its connections are made only through pinnedLookup(addresses), so
 * every pooled socket goes to an address that passed this check; when DNS answers differently, the
 * key differs and the next delivery connects afresh to the newly checked address.
 */
function agentFor(url: URL, hostname: string, addresses: readonly string[]): http.Agent {
  const key = `${url.protocol}//${hostname}:${url.port}|${addresses.join(',')}`
  let agent = agents.get(key)
  if (agent) {
    // Most recently used last.
    agents.delete(key)
    agents.set(key, agent)
    return agent
  }
  const options = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_TARGET, maxFreeSockets: MAX_SOCKETS_PER_TARGET, timeout: IDLE_SOCKET_MS, lookup: pinnedLookup(addresses) }
  agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options)
  agents.set(key, agent)
  while (agents.size > MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, http.Agent]
    agents.delete(oldestKey)
    oldest.destroy()
  }
  return agent
}

/** Closes every kept-alive callback connection (tests, shutdown). */
export function closeOutboundConnections() {
  for (const agent of agents.values()) agent.destroy()
  agents.clear()
}

async function send(
  target: { url: URL; addresses: string[] },
  payload: Buffer,
  headers: Record<string, string>,
  limits: { started: number; timeoutMs: number; maxResponseBytes: number; method?: 'GET' | 'POST' },
): Promise<PostResult> {
  try {
    return await sendOnce(target, payload, headers, limits, true)
  } catch (error) {
    // A kept-alive connection the receiver had just closed: nothing was received on it (no response
    // began), so the request goes again once, on a new connection to the same checked address.
    if (error instanceof StaleConnectionError) return sendOnce(target, payload, headers, limits, false)
    throw error
  }
}

/** Raised instead of UNREACHABLE when a reused connection broke before any response. */
class StaleConnectionError extends Error {}

function sendOnce(
  target: { url: URL; addresses: string[] },
  payload: Buffer,
  headers: Record<string, string>,
  limits: { started: number; timeoutMs: number; maxResponseBytes: number; method?: 'GET' | 'POST' },
  pooled: boolean,
): Promise<PostResult> {
  const { url, addresses } = target
  const secure = url.protocol === 'https:'
  const hostname = bareHost(url.hostname)
  // Content-Length always describes the exact bytes sent; the caller's other headers go as given.
  const outgoing: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (lower !== 'content-length' && lower !== 'transfer-encoding') outgoing[name] = value
  }
  if (limits.method !== 'GET') outgoing['content-length'] = String(payload.length)

  return new Promise((resolve, reject) => {
    let settled = false
    let responded = false
    const finish = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outcome()
    }
    const fail = (error: Error) => {
      finish(() => reject(error))
      request.destroy()
    }

    const request = (secure ? https : http).request({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      method: limits.method ?? 'POST',
      path: `${url.pathname}${url.search}`,
      headers: outgoing,
      lookup: pinnedLookup(addresses),
      // A kept-alive connection to one of exactly these checked addresses (agentFor), or a fresh one.
      agent: pooled ? agentFor(url, hostname, addresses) : false,
      // SNI and certificate check against the name, not the pinned address (no SNI for IP literals).
      ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
    })
    // The deadline counts from the start of postChecked, so a slow DNS answer leaves less time here.
    const remaining = Math.max(0, limits.timeoutMs - (performance.now() - limits.started))
    const timer = setTimeout(() => fail(timeoutError(limits.timeoutMs)), remaining)

    request.on('error', (error: NodeJS.ErrnoException) => {
      if (pooled && request.reusedSocket && !responded && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        fail(new StaleConnectionError(error.message))
        return
      }
      fail(
        new OutboundError('UNREACHABLE', `Could not deliver to the callback URL (${error.code ?? error.message})`, {
          cause: error,
        }),
      )
    })
    request.on('response', (response) => {
      responded = true
      const status = response.statusCode ?? 0
      const address = response.socket?.remoteAddress ?? addresses[0] ?? ''
      if (status >= 300 && status < 400) {
        fail(new OutboundError('REDIRECT', `The callback URL answered ${status} (a redirect); redirects are not followed`))
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      const done = () =>
        finish(() =>
          resolve({
            status,
            bodyText: Buffer.concat(chunks).toString('utf8'),
            latencyMs: Math.round(performance.now() - limits.started),
            address,
          }),
        )
      response.on('data', (chunk: Buffer) => {
        const room = limits.maxResponseBytes - size
        if (chunk.length < room) {
          chunks.push(chunk)
          size += chunk.length
          return
        }
        chunks.push(chunk.subarray(0, room))
        size += room
        done()
        request.destroy()
      })
      const brokeOff = (error?: Error) =>
        fail(new OutboundError('UNREACHABLE', 'The callback URL’s response broke off', { cause: error }))
      response.on('end', done)
      response.on('error', brokeOff)
      response.on('close', () => brokeOff())
    })
    request.end(payload)
  })
}
