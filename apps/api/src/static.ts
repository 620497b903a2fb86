import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * The built web app (apps/web/dist), with its SPA fallback: any path that is not a file gets
 * index.html, and the client router shows the page (or its own "not found").
 *
 * The build writes `file.br` and `file.gz` beside each text file (vite-plugin-compression2), and
 * the one the browser accepts is sent as is, so nothing is compressed per request. Hashed files in
 * assets/ are cached for a year; everything else is revalidated with its ETag.
 */
export interface StaticFiles {
  serve(request: Request, pathname: string): Promise<Response | null>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
}

const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
}

/** Encodings in the order they are preferred, with the suffix of their precompressed file. */
const encodings = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const

type Encoding = (typeof encodings)[number]['name']

/**
 * The encodings an Accept-Encoding header allows (RFC 9110 §12.5.3): listed with q > 0, or
 * covered by `*` without being refused by name. No header, or an unparsable one, allows none.
 */
export function acceptedEncodings(header: string | null): Set<Encoding> {
  const accepted = new Set<Encoding>()
  if (!header || header.length > 1000) return accepted
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    let weight = 1
    for (const param of params) {
      const [key, value] = param.trim().split('=')
      if (key === 'q') weight = Number(value)
    }
    if (name && !Number.isNaN(weight)) weights.set(name.trim(), weight)
  }
  for (const { name } of encodings) {
    const weight = weights.get(name) ?? (name === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*')
    if (weight !== undefined && weight > 0) accepted.add(name)
  }
  return accepted
}

interface FileVersion {
  encoding: Encoding | null
  file: string
  size: number
}

interface Entry {
  contentType: string
  immutable: boolean
  etag: string
  versions: FileVersion[]
}

export function createStaticFiles(webDist: string): StaticFiles {
  const root = path.resolve(webDist)
  // The files do not change while the server runs (a deploy restarts it), so what a path resolves
  // to is remembered; misses are not, so that a path cannot grow this map without bound.
  const entries = new Map<string, Entry>()

  async function entryFor(file: string): Promise<Entry | null> {
    const known = entries.get(file)
    if (known) return known
    const info = await fileInfo(file)
    if (!info) return null
    const versions: FileVersion[] = []
    for (const { name, suffix } of encodings) {
      const compressed = await fileInfo(file + suffix)
      if (compressed) versions.push({ encoding: name, file: file + suffix, size: compressed.size })
    }
    versions.push({ encoding: null, file, size: info.size })
    const entry: Entry = {
      contentType: contentTypes[path.extname(file)] ?? 'application/octet-stream',
      immutable: file.startsWith(path.join(root, 'assets') + path.sep),
      etag: `"${info.size.toString(36)}-${Math.round(info.mtimeMs).toString(36)}"`,
      versions,
    }
    entries.set(file, entry)
    return entry
  }

  return {
    async serve(request, pathname) {
      let decoded: string
      try {
        decoded = decodeURIComponent(pathname)
      } catch {
        return badRequest('Bad request: the path has a malformed percent escape')
      }
      if (decoded.includes('\u0000')) return badRequest('Bad request')
      const relative = path.normalize(decoded).replace(/^([/\\])+/, '')
      const file = path.join(root, relative)
      if (file !== root && !file.startsWith(root + path.sep)) return null
      // Precompressed copies are not addressed directly: they are the same file, negotiated.
      const direct = /\.(br|gz)$/.test(file) ? null : await entryFor(file)
      // A missing hashed file is a stale page asking for a chunk of an older build: a 404 lets it
      // fail clearly instead of parsing index.html as JavaScript.
      if (!direct && file.startsWith(path.join(root, 'assets') + path.sep)) return null
      const entry = direct ?? (await entryFor(path.join(root, 'index.html')))
      if (!entry) return null

      const accepted = acceptedEncodings(request.headers.get('accept-encoding'))
      const version = entry.versions.find((candidate) => candidate.encoding === null || accepted.has(candidate.encoding))
      if (!version) return null
      const headers: Record<string, string> = {
        'content-type': entry.contentType,
        'cache-control': entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag: version.encoding ? `${entry.etag.slice(0, -1)}-${version.encoding}"` : entry.etag,
        ...securityHeaders,
      }
      if (entry.versions.length > 1) headers['vary'] = 'accept-encoding'
      if (version.encoding) headers['content-encoding'] = version.encoding
      if (matches(request.headers.get('if-none-match'), headers['etag'] ?? '')) {
        return new Response(null, { status: 304, headers })
      }
      headers['content-length'] = String(version.size)
      if (request.method === 'HEAD') return new Response(null, { headers })
      return new Response(await readFile(version.file), { headers })
    },
  }
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag
  })
}

async function fileInfo(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const info = await stat(file)
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : null
  } catch {
    return null
  }
}

function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}
