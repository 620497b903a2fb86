import type { LookupAddress } from 'node:dns'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo, LookupFunction } from 'node:net'
import tls from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CALLBACK_URL_MAX_LENGTH,
  type OutboundOptions,
  checkCallbackUrl,
  isPublicAddress,
  OutboundError,
  pinnedLookup,
  postChecked,
  type ResolveHost,
} from './outbound.ts'

/** Fails the test if anything asks DNS: IP-literal URLs must be judged without it. */
const noDns: ResolveHost = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`)
}

/** A resolver with fixed answers that records what it was asked. */
function fakeDns(answers: Record<string, string[]>): ResolveHost & { calls: string[] } {
  const calls: string[] = []
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname)
    const addresses = answers[hostname]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return Object.assign(resolve, { calls })
}

async function refusal(url: string, options: OutboundOptions = { lookup: noDns }) {
  const result = await checkCallbackUrl(url, options)
  if (result.ok) throw new Error(`${url} was accepted`)
  return result
}

describe('checkCallbackUrl', () => {
  it('accepts https URLs whose addresses are all public', async () => {
    const v4 = await checkCallbackUrl('https://8.8.8.8/hook?bot=1', { lookup: noDns })
    expect(v4).toMatchObject({ ok: true, addresses: ['8.8.8.8'] })
    expect(v4.ok && v4.url.href).toBe('https://8.8.8.8/hook?bot=1')
    expect(await checkCallbackUrl('https://[2606:4700:4700::1111]:8443/', { lookup: noDns })).toMatchObject({
      ok: true,
      addresses: ['2606:4700:4700::1111'],
    })
    const dns = fakeDns({ 'bot.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] })
    expect(await checkCallbackUrl('https://Bot.Example.COM/events', { lookup: dns })).toMatchObject({
      ok: true,
      addresses: ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    })
    expect(dns.calls).toEqual(['bot.example.com'])
  })

  it.each(['http://8.8.8.8/hook', 'ftp://8.8.8.8/', 'ws://8.8.8.8/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,x'])(
    'refuses %s: https only',
    async (url) => {
      const result = await refusal(url)
      expect(result.code).toBe('NOT_HTTPS')
      expect(result.message).toMatch(/^The callback URL must use https:, not [a-z]+:$/)
    },
  )

  it.each(['https://user:secret@8.8.8.8/', 'https://user@8.8.8.8/', 'https://:secret@8.8.8.8/'])('refuses credentials in %s', async (url) => {
    expect(await refusal(url)).toEqual({ ok: false, code: 'CREDENTIALS', message: 'The callback URL must not contain a user name or password' })
  })

  it.each(['https://8.8.8.8/hook#part', 'https://8.8.8.8/#'])('refuses the fragment in %s', async (url) => {
    expect((await refusal(url)).code).toBe('FRAGMENT')
  })

  it('refuses URLs longer than 1000 characters', async () => {
    const base = 'https://8.8.8.8/'
    const longest = base + 'a'.repeat(CALLBACK_URL_MAX_LENGTH - base.length)
    expect((await checkCallbackUrl(longest, { lookup: noDns })).ok).toBe(true)
    expect(await refusal(`${longest}a`)).toMatchObject({ code: 'TOO_LONG', message: 'The callback URL is longer than 1000 characters' })
    // Short as typed, long once percent-encoded.
    expect((await refusal(`${base}${'é'.repeat(400)}`)).code).toBe('TOO_LONG')
  })

  it.each(['', 'not a url', '/relative/path', 'https://', 'https://exa mple.com/'])('refuses %j as not a URL', async (url) => {
    expect((await refusal(url)).code).toBe('INVALID_URL')
  })

  const blocked: [url: string, address: string, reason: string][] = [
    ['https://127.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['https://127.255.255.254/', '127.255.255.254', 'a loopback address'],
    ['https://0.0.0.0/', '0.0.0.0', 'an unspecified ("this network") address'],
    ['https://0.1.2.3/', '0.1.2.3', 'an unspecified ("this network") address'],
    ['https://10.0.0.5/', '10.0.0.5', 'a private address'],
    ['https://172.16.0.1/', '172.16.0.1', 'a private address'],
    ['https://172.31.255.255/', '172.31.255.255', 'a private address'],
    ['https://192.168.1.1/', '192.168.1.1', 'a private address'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254', 'a link-local address'],
    ['https://100.64.0.1/', '100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['https://100.127.255.255/', '100.127.255.255', 'a carrier-grade NAT (shared) address'],
    ['https://224.0.0.1/', '224.0.0.1', 'a multicast address'],
    ['https://239.255.255.250/', '239.255.255.250', 'a multicast address'],
    ['https://240.0.0.1/', '240.0.0.1', 'a reserved or broadcast address'],
    ['https://255.255.255.255/', '255.255.255.255', 'a reserved or broadcast address'],
    ['https://198.18.0.1/', '198.18.0.1', 'a benchmarking address'],
    ['https://198.19.255.255/', '198.19.255.255', 'a benchmarking address'],
    ['https://192.0.2.10/', '192.0.2.10', 'a documentation address'],
    ['https://198.51.100.10/', '198.51.100.10', 'a documentation address'],
    ['https://203.0.113.10/', '203.0.113.10', 'a documentation address'],
    ['https://192.0.0.9/', '192.0.0.9', 'an IETF-reserved address'],
    ['https://[::1]/', '::1', 'a loopback address'],
    ['https://[::]/', '::', 'an unspecified address'],
    ['https://[fe80::1]/', 'fe80::1', 'a link-local address'],
    ['https://[febf:ffff::1]/', 'febf:ffff::1', 'a link-local address'],
    ['https://[fec0::1]/', 'fec0::1', 'a site-local address'],
    ['https://[fc00::1]/', 'fc00::1', 'a private (unique local) address'],
    ['https://[fd12:3456:789a::1]/', 'fd12:3456:789a::1', 'a private (unique local) address'],
    ['https://[64:ff9b:1::a00:1]/', '64:ff9b:1::a00:1', 'a private (unique local) address'],
    ['https://[ff02::1]/', 'ff02::1', 'a multicast address'],
    ['https://[2001:db8::1]/', '2001:db8::1', 'a documentation address'],
    ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'an IETF-reserved address'], // Teredo
    ['https://[100::1]/', '100::1', 'an IETF-reserved address'],
    ['https://[4000::1]/', '4000::1', 'a reserved address'],
  ]
  it.each(blocked)('refuses %s: %s is not public', async (url, address, reason) => {
    expect(await refusal(url)).toEqual({
      ok: false,
      code: 'PRIVATE_ADDRESS',
      message: `The callback URL points to ${address}, ${reason}`,
    })
  })

  // The URL parser writes these in canonical hex; the check judges the IPv4 address inside.
  const embedded: [url: string, address: string, ipv4: string, reason: string][] = [
    ['https://[::ffff:10.0.0.1]/', '::ffff:a00:1', '10.0.0.1', 'a private address'], // IPv4-mapped
    ['https://[::ffff:7f00:1]/', '::ffff:7f00:1', '127.0.0.1', 'a loopback address'],
    ['https://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe', '169.254.169.254', 'a link-local address'],
    ['https://[::127.0.0.1]/', '::7f00:1', '127.0.0.1', 'a loopback address'], // IPv4-compatible
    ['https://[::ffff:0:192.168.0.1]/', '::ffff:0:c0a8:1', '192.168.0.1', 'a private address'], // IPv4-translated
    ['https://[64:ff9b::10.1.2.3]/', '64:ff9b::a01:203', '10.1.2.3', 'a private address'], // NAT64
    ['https://[2002:c0a8:101::1]/', '2002:c0a8:101::1', '192.168.1.1', 'a private address'], // 6to4
    ['https://[2002:7f00:1::]/', '2002:7f00:1::', '127.0.0.1', 'a loopback address'],
  ]
  it.each(embedded)('refuses %s by the IPv4 address it embeds', async (url, address, ipv4, reason) => {
    expect(await refusal(url)).toMatchObject({
      code: 'PRIVATE_ADDRESS',
      message: `The callback URL points to ${address}, which embeds ${ipv4}, ${reason}`,
    })
  })

  it.each([
    ['https://2130706433/', '127.0.0.1'],
    ['https://0x7f.1/', '127.0.0.1'],
    ['https://127.1/', '127.0.0.1'],
    ['https://0177.0.0.1/', '127.0.0.1'],
    ['https://0x7f000001/', '127.0.0.1'],
    ['https://0xa.1/', '10.0.0.1'],
    ['https://3232235777/', '192.168.1.1'],
    ['https://0/', '0.0.0.0'],
  ])('refuses the odd IPv4 spelling %s (= %s)', async (url, address) => {
    expect(new URL(url).hostname).toBe(address)
    const result = await refusal(url)
    expect(result.code).toBe('PRIVATE_ADDRESS')
    expect(result.message).toContain(`points to ${address},`)
  })

  it('refuses a name when any one of its addresses is not public', async () => {
    const lookup = fakeDns({
      'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
      'mapped.example.com': ['2606:4700:4700::1111', '::ffff:127.0.0.1'],
      'meta.example.com': ['169.254.169.254'],
    })
    expect(await refusal('https://mixed.example.com/hook', { lookup })).toEqual({
      ok: false,
      code: 'PRIVATE_ADDRESS',
      message: "The callback URL's host mixed.example.com resolves to 10.0.0.5, a private address",
    })
    expect((await refusal('https://mapped.example.com/', { lookup })).message).toBe(
      "The callback URL's host mapped.example.com resolves to ::ffff:127.0.0.1, which embeds 127.0.0.1, a loopback address",
    )
    expect((await refusal('https://meta.example.com/', { lookup })).code).toBe('PRIVATE_ADDRESS')
  })

  it('asks the system resolver by default, and refuses what localhost resolves to', async () => {
    const result = await refusal('https://localhost/', {})
    expect(result.code).toBe('PRIVATE_ADDRESS')
    expect(result.message).toMatch(/^The callback URL's host localhost resolves to (127\.0\.0\.1|::1), a loopback address$/)
  })

  it('refuses names that do not resolve', async () => {
    expect(await refusal('https://nowhere.example.com/', { lookup: fakeDns({}) })).toEqual({
      ok: false,
      code: 'UNRESOLVABLE',
      message: "The callback URL's host nowhere.example.com could not be resolved (ENOTFOUND)",
    })
    expect((await refusal('https://empty.example.com/', { lookup: fakeDns({ 'empty.example.com': [] }) })).code).toBe('UNRESOLVABLE')
    expect((await refusal('https://odd.example.com/', { lookup: fakeDns({ 'odd.example.com': ['0x7f.1'] }) })).code).toBe('UNRESOLVABLE')
  })

  describe('operator allow-list', () => {
    const lookup = fakeDns({
      localhost: ['127.0.0.1', '::1'],
      'localhost.': ['127.0.0.1'],
      'api.localhost': ['127.0.0.1'],
      'localhost.evil.example': ['127.0.0.1'],
      'receiver.internal': ['10.20.30.40'],
    })

    it('lets listed hosts resolve to private addresses', async () => {
      expect(await checkCallbackUrl('https://localhost/hook', { allowedHosts: ['localhost'], lookup })).toMatchObject({
        ok: true,
        addresses: ['127.0.0.1', '::1'],
      })
      expect(await checkCallbackUrl('https://127.0.0.1:8443/', { allowedHosts: ['127.0.0.1'], lookup: noDns })).toMatchObject({ ok: true })
      expect((await checkCallbackUrl('https://[::1]/', { allowedHosts: ['::1'], lookup: noDns })).ok).toBe(true)
      expect((await checkCallbackUrl('https://[::1]:8443/', { allowedHosts: ['[::1]:8443'], lookup: noDns })).ok).toBe(true)
      expect((await checkCallbackUrl('https://Receiver.Internal/', { allowedHosts: [' RECEIVER.internal '], lookup })).ok).toBe(true)
    })

    it('matches the port when the entry has one', async () => {
      const options = { allowedHosts: ['localhost:8443'], lookup }
      expect((await checkCallbackUrl('https://localhost:8443/', options)).ok).toBe(true)
      expect((await refusal('https://localhost:9443/', options)).code).toBe('PRIVATE_ADDRESS')
      expect((await refusal('https://localhost/', options)).code).toBe('PRIVATE_ADDRESS')
      expect((await checkCallbackUrl('https://localhost/', { allowedHosts: ['localhost:443'], lookup })).ok).toBe(true)
    })

    it('matches host names exactly', async () => {
      const options = { allowedHosts: ['localhost', 'evil.example@localhost', ''], lookup }
      for (const url of ['https://localhost./', 'https://api.localhost/', 'https://localhost.evil.example/']) {
        expect((await refusal(url, options)).code).toBe('PRIVATE_ADDRESS')
      }
      // A literal address on the list does not open the host names that resolve to it, nor the reverse.
      expect((await refusal('https://localhost/', { allowedHosts: ['127.0.0.1'], lookup })).code).toBe('PRIVATE_ADDRESS')
      expect((await refusal('https://127.0.0.1/', { allowedHosts: ['localhost'], lookup: noDns })).code).toBe('PRIVATE_ADDRESS')
    })

    it('still requires https unless allowHttpForAllowedHosts is set, and then only for listed hosts', async () => {
      expect((await refusal('http://localhost/', { allowedHosts: ['localhost'], lookup })).code).toBe('NOT_HTTPS')
      const options = { allowedHosts: ['localhost'], allowHttpForAllowedHosts: true, lookup }
      expect((await checkCallbackUrl('http://localhost:8080/', options)).ok).toBe(true)
      expect((await refusal('http://8.8.8.8/', { ...options, lookup: noDns })).code).toBe('NOT_HTTPS')
      expect((await refusal('ftp://localhost/', options)).code).toBe('NOT_HTTPS')
      expect((await refusal('http://localhost:8080/', { ...options, allowedHosts: ['localhost:8443'] })).code).toBe('NOT_HTTPS')
    })
  })
})

describe('isPublicAddress', () => {
  it('draws the range boundaries where they are', () => {
    const publicOnes = ['8.8.8.8', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '172.15.255.255']
    publicOnes.push('172.32.0.0', '192.0.3.1', '192.167.255.255', '198.17.255.255', '198.20.0.0', '223.255.255.255')
    publicOnes.push('2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1')
    for (const address of publicOnes) expect([address, isPublicAddress(address)]).toEqual([address, true])
    const others = ['127.0.0.1', '10.255.255.255', '::ffff:10.0.0.1', 'fe80::1%eth0', 'localhost', '0x7f.1', '', '1.2.3']
    for (const address of others) expect([address, isPublicAddress(address)]).toEqual([address, false])
  })
})

describe('pinnedLookup', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }
  const ask = (lookup: LookupFunction, options: Parameters<LookupFunction>[1]) =>
    new Promise<Answer>((resolve) => lookup('rebound.example.com', options, (error, address, family) => resolve({ error, address, family })))

  it('answers only with the checked addresses, whatever the name and whatever DNS says now', async () => {
    const lookup = pinnedLookup(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])
    expect(await ask(lookup, {})).toEqual({ error: null, address: '93.184.215.14', family: 4 })
    expect(await ask(lookup, { all: true })).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    })
    expect(await ask(lookup, { family: 6 })).toMatchObject({ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 })
    const none = await ask(pinnedLookup(['93.184.215.14']), { family: 'IPv6' })
    expect(none.error?.code).toBe('ENOTFOUND')
  })
})

describe('postChecked', () => {
  const servers: http.Server[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections?.()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  interface Received {
    method: string | undefined
    url: string | undefined
    headers: http.IncomingHttpHeaders
    body: Buffer
  }

  /** A receiver on 127.0.0.1; `respond` answers each request after its body has arrived. */
  async function receiver(respond: (response: http.ServerResponse, received: Received) => void) {
    const received: Received[] = []
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const entry = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks) }
        received.push(entry)
        respond(response, entry)
      })
    })
    servers.push(server)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return { port: (server.address() as AddressInfo).port, received }
  }

  const local = { allowedHosts: ['127.0.0.1'], allowHttpForAllowedHosts: true, lookup: noDns }

  async function rejection(promise: Promise<unknown>): Promise<OutboundError> {
    const error = await promise.then(
      () => undefined,
      (error: unknown) => error,
    )
    if (!(error instanceof OutboundError)) throw new Error(`expected an OutboundError, got ${String(error)}`)
    return error
  }

  it('delivers the exact bytes and headers and returns the status, body, latency and address', async () => {
    const { port, received } = await receiver((response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'))
    const body = new Uint8Array([0x7b, 0x00, 0xff, 0xfe, 0xe3, 0x81, 0x0a, 0x7d]) // not valid UTF-8 on purpose
    const result = await postChecked(
      `http://127.0.0.1:${port}/hook?bot=1`,
      body,
      { 'Content-Type': 'application/json', 'X-Works-Signature': 'c2lnbmF0dXJl', 'Content-Length': '1' },
      local,
    )
    expect(result).toEqual({ status: 200, bodyText: 'thanks', latencyMs: expect.any(Number), address: '127.0.0.1' })
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    expect(result.latencyMs).toBeLessThan(5000)
    expect(received).toHaveLength(1)
    expect(received[0]?.method).toBe('POST')
    expect(received[0]?.url).toBe('/hook?bot=1')
    expect(received[0]?.body.equals(Buffer.from(body))).toBe(true)
    expect(received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-works-signature': 'c2lnbmF0dXJl',
      'content-length': String(body.length),
      host: `127.0.0.1:${port}`,
    })
    expect(received[0]?.headers['transfer-encoding']).toBeUndefined()
  })

  it('sends a string body as its UTF-8 bytes and returns error statuses as results', async () => {
    const { port, received } = await receiver((response) => response.writeHead(500).end('broken'))
    const text = '{"content":{"type":"text","text":"こんにちは"}}'
    const result = await postChecked(`http://127.0.0.1:${port}/`, text, {}, local)
    expect(result).toMatchObject({ status: 500, bodyText: 'broken' })
    expect(received[0]?.body.equals(Buffer.from(text, 'utf8'))).toBe(true)
  })

  it('connects to the checked address, not to whatever the name resolves to at connect time', async () => {
    const { port, received } = await receiver((response) => response.writeHead(204).end())
    // `.invalid` never resolves, so the request can only arrive through the pinned address; the
    // injected resolver would give a different (unusable) answer if it were asked a second time.
    let answers = 0
    const lookup: ResolveHost = async () => [{ address: answers++ === 0 ? '127.0.0.1' : '10.255.255.1', family: 4 }]
    const options = { allowedHosts: ['callback.invalid'], allowHttpForAllowedHosts: true, lookup }
    const result = await postChecked(`http://callback.invalid:${port}/events`, 'x', {}, options)
    expect(result).toMatchObject({ status: 204, address: '127.0.0.1' })
    expect(answers).toBe(1)
    expect(received[0]?.headers.host).toBe(`callback.invalid:${port}`)
  })

  it('refuses before connecting', async () => {
    const { port, received } = await receiver((response) => response.end())
    expect((await rejection(postChecked(`https://127.0.0.1:${port}/`, 'x', {}, { lookup: noDns }))).code).toBe('PRIVATE_ADDRESS')
    expect((await rejection(postChecked(`http://127.0.0.1:${port}/`, 'x', {}, { allowedHosts: ['127.0.0.1'] }))).code).toBe('NOT_HTTPS')
    const dns = fakeDns({ 'bot.example.com': ['93.184.215.14', '127.0.0.1'] })
    expect((await rejection(postChecked(`https://bot.example.com:${port}/`, 'x', {}, { lookup: dns }))).code).toBe('PRIVATE_ADDRESS')
    expect(received).toHaveLength(0)
  })

  it('does not follow redirects', async () => {
    const target = await receiver((response) => response.end('followed'))
    const { port } = await receiver((response) =>
      response.writeHead(302, { location: `http://127.0.0.1:${target.port}/internal` }).end('moved'),
    )
    const error = await rejection(postChecked(`http://127.0.0.1:${port}/`, 'x', {}, local))
    expect(error.code).toBe('REDIRECT')
    expect(error.message).toBe('The callback URL answered 302 (a redirect); redirects are not followed')
    // postChecked has answered: a redirect it followed would have reached the target before that.
    expect(target.received).toHaveLength(0)
  })

  it('gives up after the timeout when the receiver never answers', async () => {
    const { port, received } = await receiver(() => {})
    const started = performance.now()
    const error = await rejection(postChecked(`http://127.0.0.1:${port}/`, 'x', {}, { ...local, timeoutMs: 200 }))
    expect(error.code).toBe('TIMEOUT')
    expect(error.message).toMatch(/^The callback URL did not answer within \d+ ms$/)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(received).toHaveLength(1)
  })

  it('counts a resolver that never answers against the timeout', async () => {
    const hanging: ResolveHost = () => new Promise(() => {})
    const error = await rejection(postChecked('https://slow.example.com/', 'x', {}, { lookup: hanging, timeoutMs: 100 }))
    expect(error).toMatchObject({ code: 'TIMEOUT', message: 'The callback URL did not answer within 100 ms' })
  })

  it('reads at most maxResponseBytes of the response', async () => {
    const { port } = await receiver((response) => response.writeHead(200).end('a'.repeat(1_000_000)))
    const limited = await postChecked(`http://127.0.0.1:${port}/`, 'x', {}, { ...local, maxResponseBytes: 1000 })
    expect(limited).toMatchObject({ status: 200, bodyText: 'a'.repeat(1000) })
    const byDefault = await postChecked(`http://127.0.0.1:${port}/`, 'x', {}, local)
    expect(byDefault.bodyText).toHaveLength(64 * 1024)
  })

  it('reports a receiver that refuses the connection as unreachable', async () => {
    const { port } = await receiver((response) => response.end())
    const server = servers.pop()
    await new Promise((resolve) => server?.close(resolve))
    const error = await rejection(postChecked(`http://127.0.0.1:${port}/`, 'x', {}, local))
    expect(error).toMatchObject({ code: 'UNREACHABLE', message: 'Could not deliver to the callback URL (ECONNREFUSED)' })
  })

  it('speaks TLS to the pinned address with the host name as SNI', async () => {
    const servernames: string[] = []
    const server = tls.createServer({
      SNICallback: (servername, callback) => {
        servernames.push(servername)
        callback(new Error('this test server has no certificate'))
      },
    })
    server.on('tlsClientError', () => {})
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const { port } = server.address() as AddressInfo
      const lookup = fakeDns({ 'callback.invalid': ['127.0.0.1'] })
      const error = await rejection(postChecked(`https://callback.invalid:${port}/`, 'x', {}, { allowedHosts: ['callback.invalid'], lookup }))
      expect(error.code).toBe('UNREACHABLE')
      expect(servernames).toEqual(['callback.invalid'])
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
