import { auditSearchSchema } from '@worksbase/schema'
import { parseInput } from '../errors.ts'
import { auditWhere } from '../services/audit.ts'
import { requireAuthority } from '../services/authority.ts'
import { csvDownload, requireActor, type RestDeps } from './http.ts'
import type { RestInput, RestRoute } from './router.ts'

const columns = ['seq', 'at', 'actor_type', 'actor', 'area', 'action', 'target_type', 'target_id', 'target', 'before', 'after', 'hash']

/** GET /api/audit.csv?actor&area&target&text&from&to: the matching entries, oldest first, streamed. */
async function exportAudit(deps: RestDeps, { request, url }: RestInput): Promise<Response> {
    const actor = requireAuthority(await requireActor(deps, request), 'audit', 'VIEW')
    const params = url.searchParams
    const search = parseInput(auditSearchSchema, {
      actor: params.get('actor') || undefined,
      area: params.get('area') || undefined,
      target: params.get('target') || undefined,
      text: params.get('text') || undefined,
      from: params.get('from') || undefined,
      to: params.get('to') || undefined,
    })
    const where = auditWhere(actor.tenantId, search)
    const prisma = deps.db.prisma
    const stamp = new Date().toISOString().slice(0, 10)
    return csvDownload(columns, `audit-${stamp}.csv`, async (write) => {
      let afterSeq = 0
      for (;;) {
        const page = await prisma.auditEntry.findMany({ where: { AND: [where, { seq: { gt: afterSeq } }] }, orderBy: { seq: 'asc' }, take: 1000 })
        for (const entry of page) {
          await write([
            entry.seq,
            entry.at.toISOString(),
            entry.actorType,
            entry.actorLabel,
            entry.area,
            entry.action,
            entry.targetType,
            entry.targetId ?? '',
            entry.targetLabel ?? '',
            entry.before === null ? '' : JSON.stringify(entry.before),
            entry.after === null ? '' : JSON.stringify(entry.after),
            entry.hash,
          ])
        }
        const last = page.at(-1)
        if (!last || page.length < 1000) break
        afterSeq = last.seq
      }
    })
}

export const auditExportRoutes: RestRoute[] = [{ methods: ['GET'], path: '/api/audit.csv', handler: exportAudit }]
