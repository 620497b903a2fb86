import { externalKindSchema } from '@worksbase/schema'
import { decodeGlobalID } from '@pothos/plugin-relay'
import { ValidationError, parseInput } from '../errors.ts'
import { requireAuthority } from '../services/authority.ts'
import { searchExternalLinkIds } from '../services/external.ts'
import { memberNamesOf } from '../services/members.ts'
import { dbId } from '../lib/ids.ts'
import { csvDownload, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'
import type { ExternalLinkStatus } from '#generated/prisma/enums.ts'

const columns = ['login_id', 'family_name', 'given_name', 'other_names', 'department', 'domain', 'talk_id', 'status', 'reason', 'available_at']
const statuses = new Set(['PENDING', 'AVAILABLE', 'FAILED', 'RETRY'])

/** GET /api/external-links.csv?kind=LINE|WORKS&domainId&status&query: the connected members list, streamed. */
async function exportExternalLinks(deps: RestDeps, { request, url }: RestInput): Promise<Response> {
    const actor = requireAuthority(await requireActor(deps, request), 'external', 'VIEW')
    const params = url.searchParams
    const kind = parseInput(externalKindSchema, params.get('kind') ?? '', ['kind'])
    const status = params.get('status') || null
    if (status && !statuses.has(status)) throw ValidationError.field('status', 'Use PENDING, AVAILABLE, FAILED or RETRY')
    const query = params.get('query') || null
    if (query && query.length > 100) throw ValidationError.field('query', 'At most 100 characters', 'too_big')
    const domainParam = params.get('domainId')
    let domainId: string | null = null
    if (domainParam) {
      try {
        const decoded = decodeGlobalID(domainParam)
        if (decoded.typename !== 'Domain') throw new Error('not a domain')
        domainId = dbId(decoded.id)
      } catch {
        throw ValidationError.field('domainId', 'Not a valid Domain id', 'invalid_format')
      }
    }
    const filter = { kind, status: status as ExternalLinkStatus | null, query, domainId }
    const prisma = deps.db.prisma
    const stamp = new Date().toISOString().slice(0, 10)
    return csvDownload(columns, `connected-members-${kind.toLowerCase()}-${stamp}.csv`, async (write) => {
      let afterId: string | null = null
      for (;;) {
        const ids = await searchExternalLinkIds(prisma, actor.tenantId, filter, { afterId, take: 1000 })
        const links = await prisma.externalLink.findMany({
          where: { id: { in: ids } },
          include: { member: { include: { orgUnit: true } }, domain: true },
        })
        const byId = new Map(links.map((link) => [link.id, link]))
        for (const id of ids) {
          const link = byId.get(id)
          if (!link) continue
          const others = memberNamesOf(link.member.i18nNames).map((name) => `${name.familyName} ${name.givenName}`.trim())
          await write([
            link.loginId,
            link.member.familyName,
            link.member.givenName,
            others.join(' / '),
            link.member.orgUnit?.name ?? '',
            link.domain.name,
            link.talkId,
            link.status,
            link.failureDetail ?? '',
            link.availableAt?.toISOString() ?? '',
          ])
        }
        if (ids.length < 1000) break
        afterId = ids.at(-1) ?? null
      }
    })
}

export const externalExportRoutes: RestRoute[] = [{ methods: ['GET'], path: '/api/external-links.csv', handler: exportExternalLinks }]
