import {
  EXTERNAL_LINKS_PER_CALL,
  type ExternalKind,
  externalAttachmentTypes,
  externalContactSchema,
  externalMessageSchema,
  externalSettingUpdateSchema,
  suggestTalkId,
  talkIdProblem,
  talkIdSchema,
} from '@worksbase/schema'
import type { z } from 'zod'
import { forgetQueryArguments } from '../db/bulk.ts'
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import { searchPattern } from '../lib/search-pattern.ts'
import type { ClaimedJob, JobControls } from '../jobs/worker.ts'
import { auditActorOf, recordAudit, type AuditActor, type AuditInput, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { changes, conflictOnDuplicate, type ServiceContext } from './common.ts'
import { type ExternalSetting, Prisma, type PrismaClient } from '#generated/prisma/client.ts'
import type { ExternalLinkStatus, ExternalSender } from '#generated/prisma/enums.ts'

/** A rule of the section refuses the message (file transfer is restricted). */
export class FileTransferRestrictedError extends AppError {
  override readonly code = 'FILE_TRANSFER_RESTRICTED'
}

export const sectionName: Record<ExternalKind, string> = {
  LINE: 'Chat with LINE users',
  WORKS: 'Chat with LINE WORKS users from other companies',
}

const SYSTEM_ACTOR: AuditActor = { actorType: 'SYSTEM', actorId: null, actorLabel: 'external provisioning' }

/** Automatic retries of a failed "add" before the link waits for a retry by hand. */
export const MAX_AUTO_ATTEMPTS = 5
/** Delay before automatic retry n (1-based). */
export function retryDelayMs(attempt: number): number {
  return Math.min(10 * 60_000, 2_000 * 2 ** (attempt - 1))
}
const PROVISION_BATCH = 1000

type SettingView = Omit<ExternalSetting, 'updatedAt'> & { updatedAt: Date | null; effectiveAutoGrant: boolean }

function defaults(tenantId: string, domainId: string, kind: ExternalKind): Omit<ExternalSetting, 'updatedAt'> {
  return { tenantId, domainId, kind, enabled: false, autoGrant: false, greetingEnabled: false, greetingJa: '', greetingEn: '', restrictFiles: false }
}

async function tenantPlan(tx: Tx | PrismaClient, tenantId: string) {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: true } })
  return tenant.plan
}

async function findDomain(tx: Tx | PrismaClient, tenantId: string, domainId: string) {
  const domain = await tx.domain.findFirst({ where: { id: domainId, tenantId } })
  if (!domain) throw new NotFoundError('Domain')
  return domain
}

/** A section's settings; the defaults (everything off) when it was never changed. */
export async function externalSetting(prisma: Tx | PrismaClient, tenantId: string, domainId: string, kind: ExternalKind): Promise<SettingView> {
  const [row, plan] = await Promise.all([
    prisma.externalSetting.findUnique({ where: { domainId_kind: { domainId, kind } } }),
    tenantPlan(prisma, tenantId),
  ])
  const setting = row && row.tenantId === tenantId ? row : { ...defaults(tenantId, domainId, kind), updatedAt: null }
  return { ...setting, effectiveAutoGrant: plan === 'FREE' || setting.autoGrant }
}

export async function readExternalSettings(ctx: ServiceContext, domainId: string) {
  const actor = requireAuthority(ctx.actor, 'external', 'VIEW')
  await findDomain(ctx.prisma, actor.tenantId, domainId)
  return Promise.all((['LINE', 'WORKS'] as const).map((kind) => externalSetting(ctx.prisma, actor.tenantId, domainId, kind)))
}

/** Creates the settings row if missing and locks it for the rest of the transaction. */
async function lockSetting(tx: Tx, tenantId: string, domainId: string, kind: ExternalKind): Promise<ExternalSetting> {
  await tx.externalSetting.upsert({
    where: { domainId_kind: { domainId, kind } },
    create: { tenantId, domainId, kind },
    update: {},
  })
  const [row] = await tx.$queryRaw<ExternalSetting[]>`
    SELECT * FROM "ExternalSetting" WHERE "domainId" = ${domainId}::uuid AND kind = ${kind}::"ExternalKind" FOR UPDATE`
  if (!row) throw new NotFoundError('Domain')
  return row
}

const settingFields = ['autoGrant', 'greetingEnabled', 'greetingJa', 'greetingEn', 'restrictFiles'] as const

export async function updateExternalSetting(
  ctx: ServiceContext,
  domainId: string,
  kind: ExternalKind,
  raw: z.input<typeof externalSettingUpdateSchema>,
) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const input = parseInput(externalSettingUpdateSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const domain = await findDomain(tx, actor.tenantId, domainId)
    const before = await lockSetting(tx, actor.tenantId, domainId, kind)
    const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) }
    if (input.autoGrant === false && (await tenantPlan(tx, actor.tenantId)) === 'FREE') {
      throw ValidationError.field('autoGrant', 'On the free plan new members always get link authority')
    }
    if (next.greetingEnabled && !next.greetingJa && !next.greetingEn) {
      throw ValidationError.field('greetingEnabled', 'Write the greeting in at least one language before turning it on')
    }
    const diff = changes(before, next, [...settingFields])
    if (!diff.changed) return externalSetting(tx, actor.tenantId, domainId, kind)
    await tx.externalSetting.update({ where: { domainId_kind: { domainId, kind } }, data: input })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'EXTERNAL',
        action: 'external.setting.update',
        targetType: 'Domain',
        targetId: domainId,
        targetLabel: `${domain.name} · ${sectionName[kind]}`,
        before: { kind, ...diff.before },
        after: { kind, ...diff.after },
      },
    ])
    return externalSetting(tx, actor.tenantId, domainId, kind)
  })
}

/** What turning a section off would affect. */
export async function externalDisableImpact(ctx: ServiceContext, domainId: string, kind: ExternalKind) {
  const actor = requireAuthority(ctx.actor, 'external', 'VIEW')
  await findDomain(ctx.prisma, actor.tenantId, domainId)
  const [connectedMembers, availableMembers, openRooms, contacts] = await Promise.all([
    ctx.prisma.externalLink.count({ where: { tenantId: actor.tenantId, domainId, kind } }),
    ctx.prisma.externalLink.count({ where: { tenantId: actor.tenantId, domainId, kind, status: 'AVAILABLE' } }),
    ctx.prisma.externalRoom.count({ where: { tenantId: actor.tenantId, domainId, kind, status: 'OPEN' } }),
    ctx.prisma.externalRoom.findMany({
      where: { tenantId: actor.tenantId, domainId, kind, status: 'OPEN' },
      distinct: ['memberId'],
      select: { memberId: true },
    }),
  ])
  return { connectedMembers, availableMembers, openRooms, membersInRooms: contacts.length }
}

/**
 * Turns a section on or off. Off needs the domain name typed as confirmation; it closes every open
 * room of the section (members then appear as unknown to the external side) and records each closed
 * room. On does not reopen closed rooms; it resumes provisioning of pending members.
 */
export async function setExternalUseStatus(
  ctx: ServiceContext & { nudge?: () => void },
  domainId: string,
  kind: ExternalKind,
  enabled: boolean,
  confirmation: string | null | undefined,
) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const result = await ctx.prisma.$transaction(async (tx) => {
    const domain = await findDomain(tx, actor.tenantId, domainId)
    const before = await lockSetting(tx, actor.tenantId, domainId, kind)
    if (before.enabled === enabled) return { closedRooms: 0 }
    if (!enabled && confirmation?.trim().toLowerCase() !== domain.name) {
      throw ValidationError.field('confirmation', `Type the domain name ${domain.name} to confirm`)
    }
    await tx.externalSetting.update({ where: { domainId_kind: { domainId, kind } }, data: { enabled } })
    const label = `${domain.name} · ${sectionName[kind]}`
    const audit: AuditInput[] = []
    let closedRooms = 0
    if (!enabled) {
      const closed = await tx.$queryRaw<{ id: string; memberId: string; contactId: string }[]>`
        UPDATE "ExternalRoom" SET status = 'CLOSED', "closedAt" = now(), "closedReason" = 'USE_STATUS_OFF'
        WHERE "tenantId" = ${actor.tenantId}::uuid AND "domainId" = ${domainId}::uuid AND kind = ${kind}::"ExternalKind" AND status = 'OPEN'
        RETURNING id, "memberId", "contactId"`
      closedRooms = closed.length
      for (const room of closed) {
        audit.push({
          area: 'EXTERNAL',
          action: 'externalRoom.close',
          targetType: 'ExternalRoom',
          targetId: room.id,
          targetLabel: label,
          after: { reason: 'USE_STATUS_OFF', memberId: room.memberId, contactId: room.contactId },
        })
      }
    } else if (await hasProvisioningWork(tx, actor.tenantId)) {
      await queueProvisioning(tx, actor.tenantId)
    }
    audit.unshift({
      area: 'EXTERNAL',
      action: enabled ? 'external.enable' : 'external.disable',
      targetType: 'Domain',
      targetId: domainId,
      targetLabel: label,
      before: { kind, enabled: before.enabled },
      after: { kind, enabled, ...(!enabled && { closedRooms }) },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), audit)
    return { closedRooms }
  })
  ctx.nudge?.()
  return result
}

// ---------------------------------------------------------------------------------------------
// Connected members

function localPart(loginId: string): string {
  return loginId.slice(0, loginId.indexOf('@'))
}

export function linkSearchText(memberSearchText: string, talkId: string): string {
  return `${memberSearchText}\n ${talkId}`
}

async function hasProvisioningWork(tx: Tx | PrismaClient, tenantId: string): Promise<boolean> {
  const due = await tx.externalLink.findFirst({
    where: { tenantId, OR: [{ status: 'PENDING' }, { status: 'RETRY', nextAttemptAt: { not: null } }] },
    select: { id: true },
  })
  return due !== null
}

/** Queues the provisioning job unless one is already waiting to run by `runAt`. */
async function queueProvisioning(tx: Tx, tenantId: string, runAt = new Date()) {
  const waiting = await tx.job.findFirst({
    where: { tenantId, kind: 'external-link.provision', status: 'QUEUED', runAt: { lte: runAt } },
    select: { id: true },
  })
  if (!waiting) await enqueueJob(tx, 'external-link.provision', { tenantId }, { tenantId, runAt, maxAttempts: 20 })
}

/**
 * Gives members link authority in a section: each gets a talk id (the part of their login id before
 * the @) and starts PENDING; the provisioning job moves them on. Members already connected are left
 * as they are. Unknown ids (or another tenant's) refuse the whole call.
 */
export async function grantExternalLinks(
  tx: Tx,
  tenantId: string,
  who: AuditActor,
  kind: ExternalKind,
  memberIds: string[],
  reason: 'ADMIN' | 'AUTO_GRANT',
): Promise<{ added: number; alreadyConnected: number }> {
  const members = await tx.member.findMany({
    where: { tenantId, id: { in: memberIds } },
    select: { id: true, domainId: true, loginId: true, searchText: true, externalLinks: { where: { kind }, select: { id: true } } },
  })
  const fresh = members.filter((member) => member.externalLinks.length === 0)
  if (fresh.length === 0) return { added: 0, alreadyConnected: members.length }
  // A talk id already taken in the domain (someone chose it by hand) gets a numbered suffix.
  const taken = new Set(
    (
      await tx.externalLink.findMany({
        where: { kind, domainId: { in: [...new Set(fresh.map((member) => member.domainId))] }, talkId: { in: fresh.map((member) => localPart(member.loginId)) } },
        select: { domainId: true, talkId: true },
      })
    ).map((link) => `${link.domainId}/${link.talkId}`),
  )
  const rows = fresh.map((member) => {
    const base = localPart(member.loginId)
    let talkId = base
    for (let n = 2; taken.has(`${member.domainId}/${talkId}`); n += 1) talkId = `${base}-${n}`
    taken.add(`${member.domainId}/${talkId}`)
    return {
      tenantId,
      domainId: member.domainId,
      memberId: member.id,
      kind,
      talkId,
      loginId: member.loginId,
      searchText: linkSearchText(member.searchText, talkId),
    }
  })
  // Skips members connected by a concurrent call in the meantime; only rows inserted here are audited.
  const inserted = await tx.externalLink.createManyAndReturn({ data: rows, skipDuplicates: true, select: { memberId: true, loginId: true, talkId: true } })
  await recordAudit(
    tx,
    tenantId,
    who,
    inserted.map((row) => ({
      area: 'EXTERNAL',
      action: 'externalLink.grant',
      targetType: 'Member',
      targetId: row.memberId,
      targetLabel: row.loginId,
      after: { kind, talkId: row.talkId, status: 'PENDING', ...(reason === 'AUTO_GRANT' && { automatic: true }) },
    })),
  )
  await queueProvisioning(tx, tenantId)
  return { added: inserted.length, alreadyConnected: members.length - inserted.length }
}

function checkIdCount(ids: string[]) {
  if (ids.length === 0) throw ValidationError.field('memberIds', 'Choose at least one member')
  if (ids.length > EXTERNAL_LINKS_PER_CALL) throw ValidationError.field('memberIds', `At most ${EXTERNAL_LINKS_PER_CALL} members at once`, 'too_big')
}

async function checkMembersExist(tx: Tx, tenantId: string, ids: string[]) {
  const found = await tx.member.count({ where: { tenantId, id: { in: ids } } })
  if (found !== ids.length) {
    const missing = ids.length - found
    throw ValidationError.field('memberIds', `${missing} of the chosen members ${missing === 1 ? 'was' : 'were'} not found`, 'not_found')
  }
}

export async function addExternalLinks(ctx: ServiceContext & { nudge?: () => void }, kind: ExternalKind, rawIds: string[]) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const ids = [...new Set(rawIds)]
  checkIdCount(ids)
  const result = await ctx.prisma.$transaction(async (tx) => {
    await checkMembersExist(tx, actor.tenantId, ids)
    return grantExternalLinks(tx, actor.tenantId, auditActorOf(actor), kind, ids, 'ADMIN')
  })
  ctx.nudge?.()
  return result
}

/** Takes link authority away: the members' open rooms in the section are closed. */
export async function removeExternalLinks(ctx: ServiceContext, kind: ExternalKind, rawIds: string[]) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const ids = [...new Set(rawIds)]
  checkIdCount(ids)
  return ctx.prisma.$transaction(async (tx) => {
    await checkMembersExist(tx, actor.tenantId, ids)
    const links = await tx.externalLink.findMany({ where: { tenantId: actor.tenantId, kind, memberId: { in: ids } } })
    if (links.length === 0) return { removed: 0, closedRooms: 0 }
    await tx.externalLink.deleteMany({ where: { id: { in: links.map((link) => link.id) } } })
    const closed = await tx.$queryRaw<{ id: string; memberId: string }[]>`
      UPDATE "ExternalRoom" SET status = 'CLOSED', "closedAt" = now(), "closedReason" = 'LINK_REMOVED'
      WHERE "tenantId" = ${actor.tenantId}::uuid AND kind = ${kind}::"ExternalKind" AND status = 'OPEN'
        AND "memberId" = ANY(${links.map((link) => link.memberId)}::uuid[])
      RETURNING id, "memberId"`
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      ...links.map(
        (link): AuditInput => ({
          area: 'EXTERNAL',
          action: 'externalLink.revoke',
          targetType: 'Member',
          targetId: link.memberId,
          targetLabel: link.loginId,
          before: { kind, talkId: link.talkId, status: link.status },
        }),
      ),
      ...closed.map(
        (room): AuditInput => ({
          area: 'EXTERNAL',
          action: 'externalRoom.close',
          targetType: 'ExternalRoom',
          targetId: room.id,
          after: { reason: 'LINK_REMOVED', memberId: room.memberId },
        }),
      ),
    ])
    return { removed: links.length, closedRooms: closed.length }
  })
}

async function findLink(tx: Tx, tenantId: string, id: string) {
  const [link] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ExternalLink" WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`
  if (!link) throw new NotFoundError('Connected member')
  return tx.externalLink.findUniqueOrThrow({ where: { id: link.id } })
}

/** Sends a FAILED or RETRY link back to provisioning now. */
export async function retryExternalLink(ctx: ServiceContext & { nudge?: () => void }, id: string) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const result = await ctx.prisma.$transaction(async (tx) => {
    const link = await findLink(tx, actor.tenantId, id)
    if (link.status === 'PENDING') return link
    if (link.status === 'AVAILABLE') throw new ConflictError('This member is already available')
    const problem = talkIdProblem(link.talkId)
    if (problem) throw new ConflictError(`The talk id ${link.talkId} cannot be used (${problem.detail}); set another talk id first`)
    const updated = await tx.externalLink.update({
      where: { id },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: null, failureCode: null, failureDetail: null },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'EXTERNAL',
        action: 'externalLink.retry',
        targetType: 'Member',
        targetId: link.memberId,
        targetLabel: link.loginId,
        before: { kind: link.kind, status: link.status },
        after: { kind: link.kind, status: 'PENDING' },
      },
    ])
    await queueProvisioning(tx, actor.tenantId)
    return updated
  })
  ctx.nudge?.()
  return result
}

/** Sets a member's talk id (the fix for a FAILED link); the link goes back to provisioning. */
export async function setExternalTalkId(ctx: ServiceContext & { nudge?: () => void }, id: string, rawTalkId: string) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const talkId = parseInput(talkIdSchema, rawTalkId, ['talkId'])
  const result = await conflictOnDuplicate(`The talk id ${talkId} is already used by another member of this domain`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const link = await findLink(tx, actor.tenantId, id)
      if (link.talkId === talkId) return link
      const member = await tx.member.findUniqueOrThrow({ where: { id: link.memberId }, select: { searchText: true } })
      const updated = await tx.externalLink.update({
        where: { id },
        data: {
          talkId,
          searchText: linkSearchText(member.searchText, talkId),
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: null,
          failureCode: null,
          failureDetail: null,
          registeredAt: null,
          availableAt: null,
        },
      })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        {
          area: 'EXTERNAL',
          action: 'externalLink.talkId',
          targetType: 'Member',
          targetId: link.memberId,
          targetLabel: link.loginId,
          before: { kind: link.kind, talkId: link.talkId, status: link.status },
          after: { kind: link.kind, talkId, status: 'PENDING' },
        },
      ])
      await queueProvisioning(tx, actor.tenantId)
      return updated
    }),
  )
  ctx.nudge?.()
  return result
}

/** Keeps the list's copies of members' login ids and search text current after members change. */
export async function syncExternalLinkMembers(tx: Tx, memberIds: string[]) {
  if (memberIds.length === 0) return
  await tx.$executeRaw`
    UPDATE "ExternalLink" l SET "loginId" = m."loginId", "searchText" = m."searchText" || E'\\n ' || l."talkId", "updatedAt" = now()
    FROM "Member" m WHERE m.id = l."memberId" AND m.id = ANY(${memberIds}::uuid[])`
}

/** New members get link authority in every section of their domain whose auto-grant is on (always on the free plan). */
export async function autoGrantNewMembers(tx: Tx, tenantId: string, who: AuditActor, members: { id: string; domainId: string }[]) {
  if (members.length === 0) return
  const free = (await tenantPlan(tx, tenantId)) === 'FREE'
  const domainIds = [...new Set(members.map((member) => member.domainId))]
  const settings = await tx.externalSetting.findMany({ where: { tenantId, domainId: { in: domainIds } } })
  for (const kind of ['LINE', 'WORKS'] as const) {
    const granted = members.filter(
      (member) => free || settings.some((setting) => setting.domainId === member.domainId && setting.kind === kind && setting.autoGrant),
    )
    if (granted.length > 0) await grantExternalLinks(tx, tenantId, who, kind, granted.map((member) => member.id), 'AUTO_GRANT')
  }
}

// ---------------------------------------------------------------------------------------------
// Provisioning

interface DueLink {
  id: string
  memberId: string
  loginId: string
  kind: ExternalKind
  talkId: string
  status: ExternalLinkStatus
  attempts: number
  registeredAt: Date | null
}

/**
 * The provisioning job: moves a tenant's PENDING links (and RETRY links that are due) on, in batches
 * that each commit their status changes and audit entries together. A link whose talk id cannot be
 * used becomes FAILED with the reason; otherwise its talk id is registered and the member is added to
 * the external service, which may fail (the simulator's network faults): RETRY with backoff, then
 * retry by hand after MAX_AUTO_ATTEMPTS. Links of a section that is off wait (turning it on resumes
 * them). The settings rows are locked for share, so a batch and a use-status change never interleave.
 */
export function externalProvisionHandler(deps: { prisma: PrismaClient; now?: () => Date }) {
  const now = deps.now ?? (() => new Date())
  return async (job: ClaimedJob<'external-link.provision'>, controls: JobControls): Promise<'done' | 'paused'> => {
    const { tenantId } = job.payload
    for (;;) {
      if (controls.stopping()) return 'paused'
      const processed = await deps.prisma.$transaction(async (tx) => provisionBatch(tx, tenantId, now()), { timeout: 60_000 })
      if (processed < PROVISION_BATCH) break
      await controls.heartbeat()
    }
    // Links waiting for an automatic retry get a job at the earliest retry time.
    const next = await deps.prisma.externalLink.findFirst({
      where: { tenantId, status: 'RETRY', nextAttemptAt: { not: null } },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    })
    if (next?.nextAttemptAt) {
      await deps.prisma.$transaction((tx) => queueProvisioning(tx, tenantId, next.nextAttemptAt ?? undefined))
    }
    return 'done'
  }
}

async function provisionBatch(tx: Tx, tenantId: string, at: Date): Promise<number> {
  const links = await tx.$queryRaw<DueLink[]>`
    SELECT l.id, l."memberId", l."loginId", l.kind, l."talkId", l.status, l.attempts, l."registeredAt"
    FROM "ExternalLink" l
    JOIN "ExternalSetting" s ON s."domainId" = l."domainId" AND s.kind = l.kind AND s.enabled
    WHERE l."tenantId" = ${tenantId}::uuid
      AND (l.status = 'PENDING' OR (l.status = 'RETRY' AND l."nextAttemptAt" <= ${at}))
    ORDER BY l."createdAt", l.id
    LIMIT ${PROVISION_BATCH}
    FOR UPDATE OF l SKIP LOCKED
    FOR SHARE OF s`
  if (links.length === 0) return 0
  const ready = links.filter((link) => !talkIdProblem(link.talkId))
  // The external service: the simulator's fault budget makes the first `faults` adds fail.
  const [budget] = await tx.$queryRaw<{ faults: number }[]>`
    WITH old AS (SELECT "externalFaultBudget" AS budget FROM "Tenant" WHERE id = ${tenantId}::uuid FOR UPDATE)
    UPDATE "Tenant" t SET "externalFaultBudget" = GREATEST(0, old.budget - ${ready.length}::int) FROM old
    WHERE t.id = ${tenantId}::uuid RETURNING LEAST(old.budget, ${ready.length}::int) AS faults`
  let faults = budget?.faults ?? 0

  const updates: {
    id: string
    status: ExternalLinkStatus
    failureCode: string | null
    failureDetail: string | null
    attempts: number
    nextAttemptAt: string | null
    registeredAt: string | null
    availableAt: string | null
  }[] = []
  const audit: AuditInput[] = []
  for (const link of links) {
    const problem = talkIdProblem(link.talkId)
    let update: (typeof updates)[number]
    if (problem) {
      update = {
        id: link.id,
        status: 'FAILED',
        failureCode: problem.code,
        failureDetail: `${problem.detail}. Set another talk id, e.g. ${suggestTalkId(link.talkId)}`,
        attempts: link.attempts,
        nextAttemptAt: null,
        registeredAt: null,
        availableAt: null,
      }
    } else if (faults > 0) {
      faults -= 1
      const attempts = link.attempts + 1
      const automatic = attempts < MAX_AUTO_ATTEMPTS
      update = {
        id: link.id,
        status: 'RETRY',
        failureCode: 'NETWORK',
        failureDetail: automatic
          ? 'The talk id was created, but adding the member to the external service failed (network). Retrying automatically.'
          : `Adding the member failed ${attempts} times (network). Retry by hand.`,
        attempts,
        nextAttemptAt: automatic ? new Date(at.getTime() + retryDelayMs(attempts)).toISOString() : null,
        registeredAt: (link.registeredAt ?? at).toISOString(),
        availableAt: null,
      }
    } else {
      update = {
        id: link.id,
        status: 'AVAILABLE',
        failureCode: null,
        failureDetail: null,
        attempts: 0,
        nextAttemptAt: null,
        registeredAt: (link.registeredAt ?? at).toISOString(),
        availableAt: at.toISOString(),
      }
    }
    updates.push(update)
    if (update.status !== link.status || update.status === 'RETRY') {
      audit.push({
        area: 'EXTERNAL',
        action: 'externalLink.status',
        targetType: 'Member',
        targetId: link.memberId,
        targetLabel: link.loginId,
        before: { kind: link.kind, status: link.status },
        after: { kind: link.kind, status: update.status, ...(update.failureCode && { reason: update.failureCode, attempts: update.attempts }) },
      })
    }
  }
  await tx.$executeRawUnsafe(
    `UPDATE "ExternalLink" AS l SET status = r.status::"ExternalLinkStatus", "failureCode" = r."failureCode",
       "failureDetail" = r."failureDetail", attempts = r.attempts, "nextAttemptAt" = r."nextAttemptAt",
       "registeredAt" = r."registeredAt", "availableAt" = r."availableAt", "updatedAt" = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, "failureCode" text, "failureDetail" text,
       attempts int, "nextAttemptAt" timestamptz, "registeredAt" timestamptz, "availableAt" timestamptz)
     WHERE l.id = r.id`,
    JSON.stringify(updates),
  )
  await recordAudit(tx, tenantId, SYSTEM_ACTOR, audit)
  return links.length
}

/**
 * Makes the next `count` "add to the external service" calls fail, as a network fault would
 * (simulator). Only in a demo tenant: elsewhere it would make real adds fail.
 */
export async function simulateExternalFaults(ctx: ServiceContext, count: number) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  if (!Number.isInteger(count) || count < 0 || count > 100_000) throw ValidationError.field('count', 'Between 0 and 100000', 'too_big')
  return ctx.prisma.$transaction(async (tx) => {
    const own = await tx.tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { isDemo: true } })
    if (!own.isDemo) throw new ForbiddenError('Fault simulation works in the demo tenant only')
    const tenant = await tx.tenant.update({ where: { id: actor.tenantId }, data: { externalFaultBudget: count } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'EXTERNAL', action: 'simulator.faults', targetType: 'Tenant', targetId: tenant.id, targetLabel: tenant.name, after: { count } },
    ])
    return tenant.externalFaultBudget
  })
}

// ---------------------------------------------------------------------------------------------
// External contacts and rooms

function roomLabel(member: { loginId: string }, contact: { displayName: string }) {
  return `${member.loginId} ↔ ${contact.displayName}`
}

/**
 * "An external user added member X as a friend" (found by X's talk id in a domain): the contact is
 * recorded, a room is opened (or the open one returned: adding twice changes nothing), and the
 * greeting goes out when it is on. Refused while the section is off or X is not available.
 */
export async function recordExternalFriendAdd(
  ctx: ServiceContext,
  input: { domainId: string; kind: ExternalKind; talkId: string; contact: z.input<typeof externalContactSchema> },
) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const contactInput = parseInput(externalContactSchema, input.contact, ['contact'])
  const talkId = input.talkId.trim().toLowerCase()
  const { kind, domainId } = input
  return ctx.prisma.$transaction(async (tx) => {
    const domain = await findDomain(tx, actor.tenantId, domainId)
    const setting = await externalSetting(tx, actor.tenantId, domainId, kind)
    if (!setting.enabled) throw new ConflictError(`${sectionName[kind]} is off in ${domain.name}`)
    const link = await tx.externalLink.findUnique({ where: { domainId_kind_talkId: { domainId, kind, talkId } }, include: { member: true } })
    if (!link || link.tenantId !== actor.tenantId) throw new ConflictError(`No connected member has the talk id ${talkId} in ${domain.name}`)
    if (link.status !== 'AVAILABLE') {
      throw new ConflictError(`${link.member.loginId} cannot be added yet: link status is ${link.status.toLowerCase()}`)
    }
    // Lock the member's link so two simultaneous adds open one room.
    await tx.$queryRaw`SELECT id FROM "ExternalLink" WHERE id = ${link.id}::uuid FOR UPDATE`
    const contact = await tx.externalContact.upsert({
      where: { tenantId_kind_externalId: { tenantId: actor.tenantId, kind, externalId: contactInput.externalId } },
      create: { tenantId: actor.tenantId, kind, ...contactInput },
      update: { displayName: contactInput.displayName, language: contactInput.language },
    })
    const open = await tx.externalRoom.findFirst({ where: { memberId: link.memberId, contactId: contact.id, kind, status: 'OPEN' } })
    if (open) return { room: open, created: false }
    const room = await tx.externalRoom.create({
      data: { tenantId: actor.tenantId, domainId, kind, memberId: link.memberId, contactId: contact.id },
    })
    const label = roomLabel(link.member, contact)
    const audit: AuditInput[] = [
      {
        area: 'EXTERNAL',
        action: 'externalRoom.open',
        targetType: 'ExternalRoom',
        targetId: room.id,
        targetLabel: label,
        after: { kind, memberId: link.memberId, contact: { externalId: contact.externalId, displayName: contact.displayName } },
      },
    ]
    const greeting = setting.greetingEnabled ? (contact.language === 'EN' ? setting.greetingEn || setting.greetingJa : setting.greetingJa || setting.greetingEn) : ''
    if (greeting) {
      const message = await tx.externalMessage.create({
        data: { tenantId: actor.tenantId, roomId: room.id, sender: 'SYSTEM', type: 'TEXT', text: greeting },
      })
      audit.push(messageAudit(room.id, label, message))
    }
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), audit)
    return { room, created: true }
  })
}

function messageAudit(roomId: string, label: string, message: { id: string; sender: ExternalSender; type: string; text: string | null; fileName: string | null }): AuditInput {
  return {
    area: 'EXTERNAL',
    action: 'externalRoom.message',
    targetType: 'ExternalRoom',
    targetId: roomId,
    targetLabel: label,
    after: { messageId: message.id, sender: message.sender, type: message.type, text: message.text, fileName: message.fileName },
  }
}

/** A message in an external room, from the external user or the member. Attachments are refused while restricted. */
export async function postExternalMessage(
  ctx: ServiceContext,
  roomId: string,
  sender: 'EXTERNAL' | 'MEMBER',
  raw: z.input<typeof externalMessageSchema>,
) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const input = parseInput(externalMessageSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ExternalRoom" WHERE id = ${roomId}::uuid AND "tenantId" = ${actor.tenantId}::uuid FOR SHARE`
    if (!locked) throw new NotFoundError('Room')
    const room = await tx.externalRoom.findUniqueOrThrow({ where: { id: roomId }, include: { member: true, contact: true } })
    if (room.status !== 'OPEN') throw new ConflictError('This room is closed; messages can no longer be sent')
    const setting = await externalSetting(tx, actor.tenantId, room.domainId, room.kind)
    if (setting.restrictFiles && externalAttachmentTypes.includes(input.type)) {
      throw new FileTransferRestrictedError('File transfer and attachments are restricted in rooms with external users')
    }
    const message = await tx.externalMessage.create({
      data: {
        tenantId: actor.tenantId,
        roomId,
        sender,
        type: input.type,
        text: input.type === 'TEXT' ? (input.text ?? null) : null,
        fileName: input.type === 'TEXT' || input.type === 'STICKER' ? null : (input.fileName ?? null),
      },
    })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [messageAudit(roomId, roomLabel(room.member, room.contact), message)])
    return message
  })
}


// ---------------------------------------------------------------------------------------------
// Connected members list

export interface ExternalLinkFilter {
  kind: ExternalKind
  domainId?: string | null
  status?: ExternalLinkStatus | null
  query?: string | null
}

function linkConditions(tenantId: string, filter: ExternalLinkFilter): Prisma.Sql[] {
  const conditions = [Prisma.sql`l."tenantId" = ${tenantId}::uuid`, Prisma.sql`l.kind = ${filter.kind}::"ExternalKind"`]
  const text = filter.query?.trim().toLowerCase()
  if (text) conditions.push(Prisma.sql`l."searchText" LIKE ${searchPattern(text)}`)
  if (filter.domainId) conditions.push(Prisma.sql`l."domainId" = ${filter.domainId}::uuid`)
  if (filter.status) conditions.push(Prisma.sql`l.status = ${filter.status}::"ExternalLinkStatus"`)
  return conditions
}

/** One page of connected members' link ids, ordered by login id; search matches names, login id and talk id. */
export async function searchExternalLinkIds(
  prisma: PrismaClient,
  tenantId: string,
  filter: ExternalLinkFilter,
  page: { afterId: string | null; take: number },
): Promise<string[]> {
  const conditions = linkConditions(tenantId, filter)
  if (page.afterId) {
    conditions.push(
      Prisma.sql`(l."loginId", l.id) > (SELECT c."loginId", c.id FROM "ExternalLink" c WHERE c.id = ${page.afterId}::uuid AND c."tenantId" = ${tenantId}::uuid)`,
    )
  }
  // With a text search, sort by an expression so PostgreSQL collects the (few) matches through the
  // trigram index and sorts them, rather than walking the login id index and filtering.
  const order = filter.query?.trim() ? Prisma.sql`l."loginId" || '', l.id` : Prisma.sql`l."loginId", l.id`
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT l.id FROM "ExternalLink" l WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY ${order} LIMIT ${page.take}`
  return rows.map((row) => row.id)
}

export async function countExternalLinks(prisma: PrismaClient, tenantId: string, filter: ExternalLinkFilter): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "ExternalLink" l WHERE ${Prisma.join(linkConditions(tenantId, filter), ' AND ')}`
  return row?.count ?? 0
}

/** How many connected members of a section are in each link status. */
export async function externalLinkCounts(ctx: ServiceContext, kind: ExternalKind, domainId: string | null) {
  const actor = requireAuthority(ctx.actor, 'external', 'VIEW')
  const rows = await ctx.prisma.externalLink.groupBy({
    by: ['status'],
    where: { tenantId: actor.tenantId, kind, ...(domainId && { domainId }) },
    _count: { _all: true },
  })
  const counts = { total: 0, PENDING: 0, AVAILABLE: 0, FAILED: 0, RETRY: 0 }
  for (const row of rows) {
    counts[row.status] = row._count._all
    counts.total += row._count._all
  }
  return counts
}

export type ShareCardReason = 'SECTION_OFF' | 'NOT_CONNECTED' | 'PENDING' | 'FAILED' | 'RETRY'

/** What a member sees to share themselves with external users, per section, or why they cannot. */
export async function externalShareCards(prisma: PrismaClient, tenantId: string, memberId: string, origin: string) {
  const member = await prisma.member.findFirst({
    where: { id: memberId, tenantId },
    select: { domainId: true, domain: { select: { lwDomainId: true } }, externalLinks: true },
  })
  if (!member) return []
  return Promise.all(
    (['LINE', 'WORKS'] as const).map(async (kind) => {
      const setting = await externalSetting(prisma, tenantId, member.domainId, kind)
      const link = member.externalLinks.find((candidate) => candidate.kind === kind) ?? null
      const reason: ShareCardReason | null = !setting.enabled
        ? 'SECTION_OFF'
        : !link
          ? 'NOT_CONNECTED'
          : link.status === 'AVAILABLE'
            ? null
            : link.status
      return {
        kind,
        available: reason === null,
        reason,
        talkId: link?.talkId ?? null,
        contactUrl: reason === null && link ? contactUrl(origin, kind, member.domain.lwDomainId, link.talkId) : null,
      }
    }),
  )
}

export function contactUrl(origin: string, kind: ExternalKind, lwDomainId: number, talkId: string): string {
  return `${origin}/contact/${kind.toLowerCase()}/${lwDomainId}/${encodeURIComponent(talkId)}`
}

/**
 * The public side of a contact URL: who the talk id belongs to, as an external user sees it. A member
 * who is not available (section off, link removed or not ready) is "unknown": null.
 */
export async function publicExternalContact(prisma: PrismaClient, kind: ExternalKind, lwDomainId: number, talkId: string) {
  const domain = await prisma.domain.findUnique({ where: { lwDomainId }, select: { id: true, tenantId: true, displayName: true } })
  if (!domain) return null
  const link = await prisma.externalLink.findUnique({
    where: { domainId_kind_talkId: { domainId: domain.id, kind, talkId: talkId.toLowerCase() } },
    select: { status: true, member: { select: { familyName: true, givenName: true, photoUrl: true, status: true } } },
  })
  if (link?.status !== 'AVAILABLE' || link.member.status !== 'ACTIVE') return null
  const setting = await externalSetting(prisma, domain.tenantId, domain.id, kind)
  if (!setting.enabled) return null
  return { displayName: `${link.member.familyName} ${link.member.givenName}`.trim(), company: domain.displayName, photoUrl: link.member.photoUrl }
}

/**
 * The bulk fix for talk ids that cannot be used (typically login ids with a "."): every FAILED link
 * of the section gets its suggested talk id (numbered when taken) and goes back to provisioning.
 */
export async function applySuggestedTalkIds(ctx: ServiceContext & { nudge?: () => void }, kind: ExternalKind, domainId: string | null) {
  const actor = requireAuthority(ctx.actor, 'external', 'EDIT')
  const result = await ctx.prisma.$transaction(async (tx) => {
    if (domainId) await findDomain(tx, actor.tenantId, domainId)
    const failed = await tx.$queryRaw<{ id: string; domainId: string; memberId: string; loginId: string; talkId: string; searchText: string }[]>`
      SELECT l.id, l."domainId", l."memberId", l."loginId", l."talkId", m."searchText"
      FROM "ExternalLink" l JOIN "Member" m ON m.id = l."memberId"
      WHERE l."tenantId" = ${actor.tenantId}::uuid AND l.kind = ${kind}::"ExternalKind" AND l.status = 'FAILED'
        ${domainId ? Prisma.sql`AND l."domainId" = ${domainId}::uuid` : Prisma.empty}
      ORDER BY l."loginId" FOR UPDATE OF l`
    const fixable = failed.filter((link) => talkIdProblem(link.talkId))
    if (fixable.length === 0) return { updated: 0 }
    const taken = new Set(
      (await tx.externalLink.findMany({ where: { tenantId: actor.tenantId, kind }, select: { domainId: true, talkId: true } })).map(
        (link) => `${link.domainId}/${link.talkId}`,
      ),
    )
    const audit: AuditInput[] = []
    const updates: { id: string; talkId: string; searchText: string }[] = []
    for (const link of fixable) {
      const base = suggestTalkId(link.talkId)
      let talkId = base
      for (let n = 2; taken.has(`${link.domainId}/${talkId}`); n += 1) talkId = `${base.slice(0, 27)}-${n}`
      taken.add(`${link.domainId}/${talkId}`)
      updates.push({ id: link.id, talkId, searchText: linkSearchText(link.searchText, talkId) })
      audit.push({
        area: 'EXTERNAL',
        action: 'externalLink.talkId',
        targetType: 'Member',
        targetId: link.memberId,
        targetLabel: link.loginId,
        before: { kind, talkId: link.talkId, status: 'FAILED' },
        after: { kind, talkId, status: 'PENDING', suggested: true },
      })
    }
    // One statement for all of them. An update per link (a round trip each) made 10,000 failed links
    // outlast the 5 s transaction timeout, so the fix rolled back every time; now ~1.4 s.
    await tx.$executeRawUnsafe(
      `UPDATE "ExternalLink" AS l SET "talkId" = r."talkId", "searchText" = r."searchText", status = 'PENDING', attempts = 0,
         "failureCode" = NULL, "failureDetail" = NULL, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "talkId" text, "searchText" text)
       WHERE l.id = r.id`,
      JSON.stringify(updates),
    )
    forgetQueryArguments()
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), audit)
    await queueProvisioning(tx, actor.tenantId)
    return { updated: fixable.length }
  })
  ctx.nudge?.()
  return result
}
