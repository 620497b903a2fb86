import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { acceptedEncodings, createStaticFiles } from './static.ts'

// The built web app as a browser (and an attacker) meets it: precompressed files negotiated by
// Accept-Encoding, cache headers, revalidation, the SPA fallback and paths that try to escape.

const dist = await mkdtemp(path.join(tmpdir(), 'wb-static-'))
const indexHtml = '<!doctype html><title>worksbase</title><script type="module" src="/assets/index-abc.js"></script>'
const script = `console.log(${JSON.stringify('x'.repeat(2000))})`
await mkdir(path.join(dist, 'assets'))
await writeFile(path.join(dist, 'index.html'), indexHtml)
await writeFile(path.join(dist, 'index.html.gz'), gzipSync(indexHtml))
await writeFile(path.join(dist, 'assets', 'index-abc.js'), script)
await writeFile(path.join(dist, 'assets', 'index-abc.js.br'), brotliCompressSync(script))
await writeFile(path.join(dist, 'assets', 'index-abc.js.gz'), gzipSync(script))
await writeFile(path.join(dist, 'assets', 'logo-def.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
await writeFile(path.join(path.dirname(dist), `${path.basename(dist)}-secret.txt`), 'secret')

const files = createStaticFiles(dist)

function serve(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  return files.serve(new Request(`http://localhost${pathname}`, { method, headers }), pathname)
}

/** A response that must exist (a null answer is the app's 404). */
async function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  const response = await serve(pathname, headers, method)
  if (!response) throw new Error(`no answer for ${pathname}`)
  return response
}

describe('static files', () => {
  it('sends the brotli file to a browser that accepts it, gzip to one that accepts only gzip, and the file itself otherwise', async () => {
    const chrome = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(chrome.headers.get('content-encoding')).toBe('br')
    expect(chrome.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(chrome.headers.get('vary')).toBe('accept-encoding')
    const brotli = Buffer.from(await chrome.arrayBuffer())
    expect(Number(chrome.headers.get('content-length'))).toBe(brotli.length)
    expect(brotli.length).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(brotli).toString()).toBe(script)

    const gzipOnly = await get('/assets/index-abc.js', { 'accept-encoding': 'gzip' })
    expect(gzipOnly.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gzipOnly.arrayBuffer())).toString()).toBe(script)

    const plain = await get('/assets/index-abc.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(await plain.text()).toBe(script)
  })

  it('honours q-values: q=0 refuses an encoding, * covers the rest', async () => {
    const noBrotli = await get('/assets/index-abc.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })
    expect(noBrotli.headers.get('content-encoding')).toBe('gzip')
    const identityOnly = await get('/assets/index-abc.js', { 'accept-encoding': 'identity, *;q=0' })
    expect(identityOnly.headers.get('content-encoding')).toBeNull()
    expect([...acceptedEncodings('*')]).toEqual(['br', 'gzip'])
    expect([...acceptedEncodings('x-gzip')]).toEqual(['gzip'])
    expect([...acceptedEncodings('BR ; Q=1')]).toEqual(['br'])
    expect([...acceptedEncodings('br;q=abc, gzip;q=0.001')]).toEqual(['gzip'])
    expect([...acceptedEncodings('gzip,'.repeat(1000))]).toEqual([])
  })

  it('caches hashed assets for a year and revalidates index.html by its ETag', async () => {
    const asset = await get('/assets/logo-def.png', { 'accept-encoding': 'br' })
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.get('content-type')).toBe('image/png')
    expect(asset.headers.get('content-encoding')).toBeNull()
    expect(asset.headers.get('vary')).toBeNull()

    const page = await get('/members', { 'accept-encoding': 'gzip' })
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(page.headers.get('content-encoding')).toBe('gzip')
    const etag = page.headers.get('etag')
    expect(etag).toMatch(/^".+-gzip"$/)

    const again = await get('/members', { 'accept-encoding': 'gzip', 'if-none-match': etag ?? '' })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // The uncompressed page is another representation: its ETag differs, so a cached gzip copy is
    // not taken for it.
    const plain = await get('/', { 'if-none-match': etag ?? '' })
    expect(plain.status).toBe(200)
    expect(await plain.text()).toBe(indexHtml)
  })

  it('answers HEAD with the headers and no body', async () => {
    const head = await get('/assets/index-abc.js', { 'accept-encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0)
    expect(await head.text()).toBe('')
  })

  it('gives index.html for app paths, and 404 (null) for a missing hashed file', async () => {
    expect(await (await get('/attendance/timesheets')).text()).toBe(indexHtml)
    expect(await serve('/assets/index-old.js')).toBeNull()
  })

  it('never serves a file outside the build, nor a precompressed copy by its own name', async () => {
    for (const pathname of [
      `/../${path.basename(dist)}-secret.txt`,
      `/%2e%2e/${path.basename(dist)}-secret.txt`,
      `/..%2f${path.basename(dist)}-secret.txt`,
      '/assets/../../etc/passwd',
    ]) {
      const response = await serve(pathname)
      expect(response === null || (await response.text()) === indexHtml, pathname).toBe(true)
    }
    expect(await serve('/assets/index-abc.js.br')).toBeNull()
    expect(await (await get('/index.html.gz')).text()).toBe(indexHtml)
    expect((await get('/%E0%A4%A')).status).toBe(400)
    expect((await get('/a%00b')).status).toBe(400)
  })
})
