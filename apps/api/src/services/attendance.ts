import { createHash, createHmac, createPrivateKey, sign } from 'node:crypto'
import { defaultStampWords, defaultTodayWords, normalizeWord, type StampKind, stampKinds, stampWordSchema } from '@worksbase/schema'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { enqueueJob } from '../jobs/queue.ts'
import type { ClaimedJob } from '../jobs/worker.ts'
import { OutboundError, postChecked } from '../lib/outbound.ts'
import type { SecretBox } from '../lib/secret-box.ts'
import { safeEqual } from '../lib/crypto.ts'
import { TtlCache } from '../lib/ttl-cache.ts'
import { Batcher } from '../lib/batcher.ts'
import { preparedQuery } from '../lib/prepared.ts'
import type { Database } from '../db/index.ts'
import { applyStamp, type DaySheet, daySheet, dayState, localDate, localTime, validNext } from './attendance-rules.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { insertBotTalkMessage } from './talk.ts'
import type { BotDeps } from './bots.ts'
import type { ServiceContext } from './common.ts'
import type { AttendanceLinkage, Prisma, PrismaClient } from '#generated/prisma/client.ts'

/**
 * The time-recording linkage: employees write 出勤 / Clock in (or tap a button) to the bot; the
 * webhook stores each signed callback before answering, a job turns it into at most one stamp and
 * exactly one reply, and admins read timesheets. See docs/attendance-plan.md.
 */

export const LINE_WORKS_AUTH_BASE = 'https://auth.worksmobile.com'
export const LINE_WORKS_API_BASE = 'https://www.worksapis.com'
/** Webhook bodies larger than this are refused with 413 (LINE WORKS events are a few hundred bytes). */
export const WEBHOOK_MAX_BYTES = 64 * 1024

export interface AttendanceDeps {
  prisma: PrismaClient
  bots: BotDeps
}

export interface WebhookDeps extends AttendanceDeps {
  db: Database
}

const sealContext = (linkageId: string, field: string) => `attendance:${linkageId}:${field}`

function unseal(secrets: SecretBox, linkage: AttendanceLinkage, field: 'clientSecret' | 'privateKey' | 'botSecret'): string {
  const sealed = { clientSecret: linkage.clientSecretSealed, privateKey: linkage.privateKeySealed, botSecret: linkage.botSecretSealed }[field]
  if (!sealed) throw new ConflictError(`The linkage has no ${field}`)
  return secrets.decrypt(sealed, sealContext(linkage.id, field))
}

// ——— Linkage setup ———————————————————————————————————————————————————————————————————————————————

const httpsBase = z
  .string()
  .trim()
  .max(300, { message: 'At most 300 characters' })
  .url({ message: 'Write a URL such as https://www.worksapis.com' })
  .transform((value) => value.replace(/\/+$/, ''))

export const externalLinkageSchema = z.object({
  clientId: z.string().trim().min(1, { message: 'Required' }).max(200),
  clientSecret: z.string().trim().min(1, { message: 'Required' }).max(200),
  serviceAccount: z.string().trim().min(1, { message: 'Required' }).max(200),
  privateKey: z.string().trim().min(1, { message: 'Required' }).max(10_000).refine((value) => value.includes('PRIVATE KEY'), {
    message: 'Paste the whole private key, from -----BEGIN PRIVATE KEY----- to the end',
  }),
  botId: z.string().trim().regex(/^\d{1,20}$/, { message: 'The Bot ID is a number' }),
  botSecret: z.string().trim().min(1, { message: 'Required' }).max(200),
  authBaseUrl: httpsBase.default(LINE_WORKS_AUTH_BASE),
  apiBaseUrl: httpsBase.default(LINE_WORKS_API_BASE),
})
export type ExternalLinkageInput = z.input<typeof externalLinkageSchema>

/** The default words, so a new linkage understands 出勤 / Clock in and friends from the start. */
async function ensureDefaultWords(tx: Tx, tenantId: string) {
  const words = [
    ...stampKinds.flatMap((kind) => [defaultStampWords[kind].ja, defaultStampWords[kind].en].map((word) => ({ kind, word }))),
    { kind: 'TODAY' as const, word: defaultTodayWords.ja },
    { kind: 'TODAY' as const, word: defaultTodayWords.en },
  ]
  await tx.attendanceWord.createMany({
    data: words.map(({ kind, word }) => ({ tenantId, kind, word, normalized: normalizeWord(word) })),
    skipDuplicates: true,
  })
}

/** A JWT bearer grant against the linkage's token endpoint: proves the credentials and yields a token. */
async function fetchExternalToken(deps: AttendanceDeps, creds: { clientId: string; clientSecret: string; serviceAccount: string; privateKey: string; authBaseUrl: string }) {
  const now = Math.floor(Date.now() / 1000)
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: creds.clientId, sub: creds.serviceAccount, iat: now, exp: now + 3600 })}`
  let assertion: string
  try {
    assertion = `${unsigned}.${sign('sha256', Buffer.from(unsigned), createPrivateKey(creds.privateKey)).toString('base64url')}`
  } catch {
    throw ValidationError.field('privateKey', 'This private key cannot be read: paste the key file LINE WORKS gave you')
  }
  const form = new URLSearchParams({
    assertion,
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    scope: 'bot',
  })
  let result: Awaited<ReturnType<typeof postChecked>>
  try {
    result = await postChecked(`${creds.authBaseUrl}/oauth2/v2.0/token`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }, { ...deps.bots.callbackPolicy, timeoutMs: 10_000 })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw ValidationError.field('authBaseUrl', `The token endpoint cannot be reached: ${message}`)
  }
  let body: { access_token?: string; expires_in?: number | string; error_description?: string; description?: string } = {}
  try {
    body = JSON.parse(result.bodyText)
  } catch {
    // Not JSON: reported below with the status.
  }
  if (result.status !== 200 || !body.access_token) {
    throw ValidationError.field('clientId', `LINE WORKS refused the credentials (${result.status}${body.error_description || body.description ? `: ${body.error_description ?? body.description}` : ''})`)
  }
  return { token: body.access_token, expiresAt: Date.now() + Number(body.expires_in ?? 3600) * 1000 }
}

export async function getLinkage(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId } })
}

/**
 * Turns the linkage on with one of this platform's bots, or with a real LINE WORKS bot whose
 * credentials are validated by fetching a token first. Needs attendance edit authority (the master
 * administrator has it) and the terms accepted.
 */
export async function saveLinkage(
  ctx: ServiceContext & { bots: BotDeps },
  input: { acceptTerms: boolean; mode: 'PLATFORM' | 'EXTERNAL'; botId?: string | null; external?: ExternalLinkageInput | null },
) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  if (!input.acceptTerms) throw ValidationError.field('acceptTerms', 'Read and accept the terms of the time-recording linkage first')
  const external = input.mode === 'EXTERNAL' ? parseInput(externalLinkageSchema, input.external ?? {}, ['external']) : null
  if (input.mode === 'PLATFORM' && !input.botId) throw ValidationError.field('botId', 'Choose the bot employees will write to')
  if (external) await fetchExternalToken({ prisma: ctx.prisma, bots: ctx.bots }, external)
  const saved = await ctx.prisma.$transaction(async (tx) => {
    if (input.mode === 'PLATFORM') {
      const bot = await tx.bot.findFirst({ where: { id: input.botId ?? '', tenantId: actor.tenantId } })
      if (!bot) throw ValidationError.field('botId', 'Unknown bot', 'not_found')
    }
    const existing = await tx.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId } })
    const id = existing?.id ?? crypto.randomUUID()
    const seal = (field: string, value: string) => ctx.bots.secrets.encrypt(value, sealContext(id, field))
    const data = {
      enabled: true,
      termsAcceptedAt: existing?.termsAcceptedAt ?? new Date(),
      termsAcceptedBy: existing?.termsAcceptedBy ?? actor.label,
      mode: input.mode,
      botId: input.mode === 'PLATFORM' ? (input.botId ?? null) : null,
      clientId: external?.clientId ?? null,
      clientSecretSealed: external ? seal('clientSecret', external.clientSecret) : null,
      serviceAccount: external?.serviceAccount ?? null,
      privateKeySealed: external ? seal('privateKey', external.privateKey) : null,
      externalBotId: external?.botId ?? null,
      botSecretSealed: external ? seal('botSecret', external.botSecret) : null,
      authBaseUrl: external?.authBaseUrl ?? null,
      apiBaseUrl: external?.apiBaseUrl ?? null,
      verifiedAt: external ? new Date() : null,
    }
    const linkage = existing
      ? await tx.attendanceLinkage.update({ where: { id }, data })
      : await tx.attendanceLinkage.create({ data: { id, tenantId: actor.tenantId, ...data } })
    await ensureDefaultWords(tx, actor.tenantId)
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: existing ? 'attendance.linkage.update' : 'attendance.linkage.enable',
        targetType: 'AttendanceLinkage',
        targetId: id,
        targetLabel: input.mode === 'PLATFORM' ? 'this platform' : `LINE WORKS bot ${external?.botId}`,
        after: { mode: input.mode, botId: data.botId, clientId: data.clientId, externalBotId: data.externalBotId, authBaseUrl: data.authBaseUrl, apiBaseUrl: data.apiBaseUrl },
      },
    ])
    return linkage
  })
  // After the commit: the webhook reads the new settings from now on.
  webhookLinkages.evict((_value, key) => key === saved.id)
  forgetProcessingContexts()
  return saved
}

export async function disableLinkage(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const disabled = await ctx.prisma.$transaction(async (tx) => {
    const linkage = await tx.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId } })
    if (!linkage) throw new NotFoundError('Linkage')
    const updated = await tx.attendanceLinkage.update({ where: { id: linkage.id }, data: { enabled: false } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ATTENDANCE', action: 'attendance.linkage.disable', targetType: 'AttendanceLinkage', targetId: linkage.id, targetLabel: linkage.mode },
    ])
    return updated
  })
  webhookLinkages.evict((_value, key) => key === disabled.id)
  forgetProcessingContexts()
  return disabled
}

/** Sets (or with null clears) the LINE WORKS account an employee writes from: login id or user id. */
export async function setAttendanceAccount(ctx: ServiceContext, memberId: string, rawAccountId: string | null) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const accountId = rawAccountId?.trim().toLowerCase() ?? ''
  if (accountId.length > 200) throw ValidationError.field('accountId', 'At most 200 characters', 'too_big')
  return ctx.prisma.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId } })
    if (!member) throw new NotFoundError('Member')
    const before = await tx.attendanceAccount.findUnique({ where: { memberId } })
    if (accountId === '') {
      if (before) await tx.attendanceAccount.delete({ where: { memberId } })
    } else {
      const taken = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId: actor.tenantId, accountId } } })
      if (taken && taken.memberId !== memberId) throw ValidationError.field('accountId', 'Another employee already uses this account id', 'duplicate')
      await tx.attendanceAccount.upsert({
        where: { memberId },
        create: { tenantId: actor.tenantId, memberId, accountId },
        update: { accountId },
      })
    }
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: 'attendance.account.set',
        targetType: 'Member',
        targetId: memberId,
        targetLabel: member.loginId,
        before: { accountId: before?.accountId ?? null },
        after: { accountId: accountId || null },
      },
    ])
    return member
  })
}

// ——— Webhook ——————————————————————————————————————————————————————————————————————————————————————

export type WebhookOutcome = { status: 200 | 401 | 404; stored: boolean }

/**
 * A callback for `linkageId`: verified with the linkage's Bot Secret over the raw bytes, then stored
 * with its processing job in one transaction before the caller answers 200. The same bytes again
 * (a redelivery) store nothing new. Unknown linkage → 404; bad signature → 401 and nothing stored.
 */
export async function receiveWebhook(deps: WebhookDeps, linkageId: string, raw: Buffer, signature: string | null): Promise<WebhookOutcome> {
  const linkage = await webhookLinkage(deps, linkageId)
  if (!linkage) return { status: 404, stored: false }
  if (!signature || !safeEqual(signature.trim(), createHmacBase64(linkage.botSecret, raw))) return { status: 401, stored: false }
  const stored = await insertEventNow(deps.db, linkage, raw.toString('utf8'))
  return { status: 200, stored }
}

/**
 * What the webhook needs of a linkage (enabled, EXTERNAL, its Bot Secret unsealed), kept for a few
 * seconds: every callback needs it, and unsealing costs. Saving or disabling a linkage in this process
 * evicts it; another process sees the change within the TTL.
 */
const webhookLinkages = new TtlCache<{ id: string; tenantId: string; botSecret: string } | null>(1000, 5000)

async function webhookLinkage(deps: AttendanceDeps, linkageId: string) {
  const cached = webhookLinkages.get(linkageId)
  if (cached !== undefined) return cached
  const generation = webhookLinkages.generation
  const linkage = await deps.prisma.attendanceLinkage.findUnique({ where: { id: linkageId } })
  const value = linkage?.enabled && linkage.mode === 'EXTERNAL' ? { id: linkage.id, tenantId: linkage.tenantId, botSecret: unseal(deps.bots.secrets, linkage, 'botSecret') } : null
  webhookLinkages.set(linkageId, value, generation)
  return value
}

interface IncomingEvent {
  tenantId: string
  linkageId: string
  eventKey: string
  body: string
}

const insertEventsSql = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS t("tenantId", "linkageId", "eventKey", body, ord)),
  event AS (
    INSERT INTO "AttendanceEvent" (id, "tenantId", "linkageId", "eventKey", body, "receivedAt", status)
    SELECT gen_random_uuid(), "tenantId", "linkageId", "eventKey", body, clock_timestamp(), 'PENDING' FROM input ORDER BY ord
    ON CONFLICT ("linkageId", "eventKey") DO NOTHING
    RETURNING id, "tenantId", "linkageId", "eventKey"),
  job AS (
    INSERT INTO "Job" (id, "tenantId", kind, payload, status, "runAt", attempts, "maxAttempts", "createdAt")
    SELECT gen_random_uuid(), "tenantId", 'attendance.event', jsonb_build_object('eventId', id::text), 'QUEUED', now(), 0, 10, now() FROM event)
  SELECT input.ord::int AS ord, event.id IS NOT NULL AS stored
  FROM input LEFT JOIN event ON event."linkageId" = input."linkageId" AND event."eventKey" = input."eventKey"
  ORDER BY input.ord`

/**
 * Stores events with their jobs, one statement (one round trip and one commit) for every callback
 * that arrives while the previous statement runs: the webhook's hot path. The same bytes again (in
 * the database, or twice in one batch) store nothing new.
 */
async function insertEvents(db: Database, events: IncomingEvent[]): Promise<boolean[]> {
  const rows = await preparedQuery<{ ord: number; stored: boolean }>(db, 'attendance_webhook_insert', insertEventsSql, [
    events.map((event) => event.tenantId),
    events.map((event) => event.linkageId),
    events.map((event) => event.eventKey),
    events.map((event) => event.body),
  ])
  const seen = new Set<string>()
  return rows.map((row, index) => {
    const event = events[index] as IncomingEvent
    const key = `${event.linkageId}:${event.eventKey}`
    const first = !seen.has(key)
    seen.add(key)
    return row.stored && first
  })
}

const inserters = new WeakMap<Database, Batcher<IncomingEvent, boolean>>()

async function insertEventNow(db: Database, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  let inserter = inserters.get(db)
  if (!inserter) {
    inserter = new Batcher<IncomingEvent, boolean>((events) => insertEvents(db, events), { maxConcurrent: 4, maxBatch: 128 })
    inserters.set(db, inserter)
  }
  return inserter.submit({ tenantId: linkage.tenantId, linkageId: linkage.id, eventKey: createHash('sha256').update(body).digest('hex'), body })
}

function createHmacBase64(secret: string, raw: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(raw).digest('base64')
}

/** Stores one event and its job (both or neither); false when these exact bytes were stored before. */
export async function storeEvent(prisma: PrismaClient, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  return prisma.$transaction((tx) => insertEvent(tx, linkage, body))
}

/** The same, in the caller's transaction (this platform's own bot: stored with the member's message). */
export async function insertEvent(tx: Tx, linkage: { id: string; tenantId: string }, body: string): Promise<boolean> {
  const eventKey = createHash('sha256').update(body).digest('hex')
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "AttendanceEvent" (id, "tenantId", "linkageId", "eventKey", body, "receivedAt", status)
    VALUES (gen_random_uuid(), ${linkage.tenantId}::uuid, ${linkage.id}::uuid, ${eventKey}, ${body}, clock_timestamp(), 'PENDING')
    ON CONFLICT ("linkageId", "eventKey") DO NOTHING
    RETURNING id::text`
  const row = rows[0]
  if (!row) return false
  await enqueueJob(tx, 'attendance.event', { eventId: row.id }, { tenantId: linkage.tenantId, maxAttempts: 10 })
  return true
}

/**
 * This platform's bot is the attendance bot (PLATFORM mode): the event goes straight into the inbox
 * in the transaction that stored the member's message, with no HTTP in between. False when the bot
 * is not an attendance bot.
 */
export async function deliverToAttendance(tx: Tx, bot: { id: string; tenantId: string }, body: string): Promise<boolean> {
  const linkage = await tx.attendanceLinkage.findUnique({ where: { tenantId: bot.tenantId }, select: { id: true, tenantId: true, enabled: true, mode: true, botId: true } })
  if (!linkage?.enabled || linkage.mode !== 'PLATFORM' || linkage.botId !== bot.id) return false
  await insertEvent(tx, linkage, body)
  return true
}

// ——— Processing ———————————————————————————————————————————————————————————————————————————————————

type Language = 'ja' | 'en'

/** The reply texts a tenant can change, and the placeholders each may use. */
export const templateKeys = [
  'stamped',
  'ALREADY_CLOCKED_IN',
  'ALREADY_CLOCKED_OUT',
  'NOT_CLOCKED_IN',
  'ON_BREAK',
  'NOT_ON_BREAK',
  'unlinked',
  'help',
  'todayNone',
  'today',
  'firstMessage',
] as const
export type TemplateKey = (typeof templateKeys)[number]
export const templatePlaceholders: Record<TemplateKey, string[]> = {
  stamped: ['name', 'stamp', 'time'],
  ALREADY_CLOCKED_IN: ['name', 'time'],
  ALREADY_CLOCKED_OUT: ['name'],
  NOT_CLOCKED_IN: ['name'],
  ON_BREAK: ['name'],
  NOT_ON_BREAK: ['name'],
  unlinked: [],
  help: [],
  todayNone: ['name'],
  today: ['name', 'stamps'],
  firstMessage: ['name'],
}

export const replyTexts: Record<Language, Record<TemplateKey, string>> = {
  ja: {
    stamped: '{name}さん、{stamp}を {time} に記録しました。',
    ALREADY_CLOCKED_IN: '{name}さん、今日はもう出勤しています ({time} に記録済み)。',
    ALREADY_CLOCKED_OUT: '{name}さん、今日はもう退勤しています。打刻を直すときは管理者に連絡してください。',
    NOT_CLOCKED_IN: '{name}さん、まだ出勤していません。先に「出勤」を送ってください。',
    ON_BREAK: '{name}さん、休憩中です。先に「休憩終了」を送ってください。',
    NOT_ON_BREAK: '{name}さん、休憩は始まっていません。',
    unlinked: 'このアカウントは勤怠の従業員に登録されていません。管理者に LINE WORKS のアカウントを登録してもらってください。',
    help: '「出勤」「退勤」「休憩開始」「休憩終了」、または「今日」を送ってください。',
    todayNone: '{name}さん、今日の打刻はまだありません。',
    today: '{name}さんの今日の打刻: {stamps}',
    firstMessage: '{name}さん、このトークで勤怠の打刻ができます。「出勤」「退勤」「休憩開始」「休憩終了」と送るか、下のボタンを押してください。「今日」で今日の打刻を確認できます。',
  },
  en: {
    stamped: '{name}, {stamp} recorded at {time}.',
    ALREADY_CLOCKED_IN: '{name}, you already clocked in today (at {time}).',
    ALREADY_CLOCKED_OUT: '{name}, you already clocked out today. Ask your administrator to correct a stamp.',
    NOT_CLOCKED_IN: '{name}, you have not clocked in yet. Send "Clock in" first.',
    ON_BREAK: '{name}, you are on a break. Send "Break end" first.',
    NOT_ON_BREAK: '{name}, no break has started.',
    unlinked: 'This account is not registered as an employee for attendance. Ask your administrator to register your LINE WORKS account.',
    help: 'Send "Clock in", "Clock out", "Break start", "Break end", or "today".',
    todayNone: '{name}, no stamps yet today.',
    today: '{name}, today: {stamps}',
    firstMessage: '{name}, you can record your attendance in this talk. Send "Clock in", "Clock out", "Break start" or "Break end", or tap a button below. Send "today" to see today’s stamps.',
  },
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}

const stampLabel = (kind: StampKind, language: Language) => defaultStampWords[kind][language]

/** A text reply with quick-reply buttons for the stamps that are valid next (postbacks carry the kind). */
function replyContent(text: string, next: StampKind[], language: Language): Prisma.InputJsonObject {
  const items = next.map((kind) => ({
    action: { type: 'postback', label: stampLabel(kind, language), data: `stamp=${kind}`, displayText: stampLabel(kind, language) },
  }))
  return { type: 'text', text, ...(items.length > 0 && { quickReply: { items } }) }
}

/** What the employee asked for: a stamp kind, today's stamps, or nothing we know. */
function interpret(words: Map<string, WordKind>, body: Record<string, unknown>): { kind: StampKind | 'TODAY' | null; text: string } {
  if (body.type === 'postback') {
    const data = String(body.data ?? '')
    const kind = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END|TODAY)$/.exec(data)?.[1] as StampKind | 'TODAY' | undefined
    return { kind: kind ?? null, text: data }
  }
  const content = (body.content ?? {}) as { type?: string; text?: string; postback?: string }
  const postbackKind = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END|TODAY)$/.exec(String(content.postback ?? ''))?.[1] as StampKind | 'TODAY' | undefined
  if (postbackKind) return { kind: postbackKind, text: String(content.text ?? '') }
  const text = typeof content.text === 'string' ? content.text : ''
  return { kind: text ? (words.get(normalizeWord(text)) ?? null) : null, text }
}

const parseBody = (body: string): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

interface ProcessingContext {
  linkage: AttendanceLinkage & { tenant: { language: 'JA' | 'EN'; timeZone: string } }
  texts: Record<Language, Record<TemplateKey, string>>
  words: Map<string, WordKind>
}

/**
 * What processing needs of a linkage besides the event: the linkage and its tenant, the reply texts
 * and the words. Kept for a few seconds (every event needs them); any change to them in this process
 * clears the cache, other processes see it within the TTL.
 */
const processingContexts = new TtlCache<ProcessingContext>(1000, 5000)

async function processingContext(tx: Tx, linkageId: string): Promise<ProcessingContext> {
  const cached = processingContexts.get(linkageId)
  if (cached) return cached
  const generation = processingContexts.generation
  const linkage = await tx.attendanceLinkage.findUniqueOrThrow({ where: { id: linkageId }, include: { tenant: true } })
  const [ja, en, words] = await Promise.all([
    templatesFor(tx, linkage.tenantId, 'ja'),
    templatesFor(tx, linkage.tenantId, 'en'),
    tx.attendanceWord.findMany({ where: { tenantId: linkage.tenantId }, select: { normalized: true, kind: true } }),
  ])
  const context = { linkage, texts: { ja, en }, words: new Map(words.map((word) => [word.normalized, word.kind])) }
  processingContexts.set(linkageId, context, generation)
  return context
}

/** After a change to a linkage, its words or its texts: processing reads them afresh. */
function forgetProcessingContexts() {
  processingContexts.clear()
}

/**
 * The job `attendance.event`: one stored callback becomes at most one stamp and exactly one reply,
 * in one transaction that also marks the event processed, so a crash anywhere replays it from the
 * start and a second run finds it done. Stamps of one employee are serialised by a lock on their
 * account row. Malformed bodies and events we do not use are marked ignored, with the reason.
 */
export function attendanceEventHandler(deps: AttendanceDeps & { onPlatformReply?: (botId: string, memberId: string, messageId: string) => void }) {
  return async (job: ClaimedJob<'attendance.event'>): Promise<'done'> => {
    const published = await deps.prisma.$transaction(async (tx) => {
      const [event] = await tx.$queryRaw<{ id: string; tenantId: string; linkageId: string; body: string; receivedAt: Date; status: string }[]>`
        SELECT id::text, "tenantId"::text AS "tenantId", "linkageId"::text AS "linkageId", body, "receivedAt", status::text
        FROM "AttendanceEvent" WHERE id = ${job.payload.eventId}::uuid FOR UPDATE`
      if (!event || event.status !== 'PENDING') return null
      const ignore = async (note: string) => {
        await tx.attendanceEvent.update({ where: { id: event.id }, data: { status: 'IGNORED', note } })
        return null
      }
      const body = parseBody(event.body)
      if (!body) return ignore('The body is not a JSON object')
      if (body.type !== 'message' && body.type !== 'postback') return ignore(`Event type ${String(body.type)} is not used for attendance`)
      const userId = String((body.source as { userId?: unknown } | undefined)?.userId ?? '')
      if (!userId) return ignore('The event has no source.userId')
      const context = await processingContext(tx, event.linkageId)
      const { linkage } = context
      const language = replyLanguage(body, linkage.tenant.language)
      const texts = context.texts[language]
      const timeZone = linkage.tenant.timeZone

      const account = await findAccount(tx, linkage.tenantId, userId, linkage.mode)
      let content: Prisma.InputJsonObject
      let stamped = false
      if (!account) {
        content = replyContent(texts.unlinked, [], language)
      } else {
        // One employee's events are applied one at a time, in the order they were received.
        await tx.$queryRaw`SELECT id FROM "AttendanceAccount" WHERE id = ${account.id}::uuid FOR UPDATE`
        const name = account.member.familyName
        const { kind, text } = interpret(context.words, body)
        const today = localDate(event.receivedAt, timeZone)
        const stampsOf = (workDate: string) =>
          tx.attendanceStamp.findMany({ where: { tenantId: linkage.tenantId, memberId: account.memberId, workDate, voidedAt: null }, orderBy: { stampedAt: 'asc' } })
        const todays = await stampsOf(today)
        if (kind === null) {
          content = replyContent(texts.help as string, validNext(dayState(todays)), language)
        } else if (kind === 'TODAY') {
          const list = todays.map((stamp) => `${stampLabel(stamp.kind, language)} ${localTime(stamp.stampedAt, timeZone)}`).join(language === 'ja' ? '、' : ', ')
          content = replyContent(fill((list ? texts.today : texts.todayNone) as string, { name, stamps: list }), validNext(dayState(todays)), language)
        } else {
          // A clock-out or break after midnight belongs to yesterday's day if that one is still open.
          let workDate = today
          let stamps = todays
          if (kind !== 'CLOCK_IN' && dayState(todays) === 'OFF') {
            const yesterday = localDate(new Date(event.receivedAt.getTime() - 24 * 3600_000), timeZone)
            const previous = await stampsOf(yesterday)
            const state = dayState(previous)
            if (state === 'WORKING' || state === 'ON_BREAK') {
              workDate = yesterday
              stamps = previous
            }
          }
          const state = dayState(stamps)
          const applied = applyStamp(state, kind)
          if (applied.ok) {
            await tx.attendanceStamp.create({
              data: {
                tenantId: linkage.tenantId,
                memberId: account.memberId,
                kind,
                stampedAt: event.receivedAt,
                workDate,
                sourceEventId: event.id,
                sourceUserId: userId,
                sourceText: text.slice(0, 300),
                createdBy: 'bot',
              },
            })
            stamped = true
            content = replyContent(
              fill(texts.stamped as string, { name, stamp: stampLabel(kind, language), time: localTime(event.receivedAt, timeZone) }),
              validNext(applied.state),
              language,
            )
          } else {
            const firstIn = stamps.find((stamp) => stamp.kind === 'CLOCK_IN')
            content = replyContent(
              fill(texts[applied.refusal] as string, { name, time: firstIn ? localTime(firstIn.stampedAt, timeZone) : '' }),
              validNext(state),
              language,
            )
          }
        }
      }
      const reply = await tx.attendanceReply.create({ data: { tenantId: linkage.tenantId, eventId: event.id, userId, content } })
      await tx.attendanceEvent.update({ where: { id: event.id }, data: { status: 'PROCESSED', note: stamped ? 'stamped' : account ? 'answered' : 'unlinked' } })
      if (linkage.mode === 'PLATFORM' && linkage.botId && account) {
        // Our own bot answers in the talk in this same transaction: exactly one reply.
        const messageId = await insertBotTalkMessage(tx, { tenantId: linkage.tenantId, botId: linkage.botId, memberId: account.memberId }, content)
        await tx.attendanceReply.update({ where: { id: reply.id }, data: { sentAt: new Date(), attempts: 1 } })
        return messageId ? { kind: 'talk' as const, botId: linkage.botId, memberId: account.memberId, messageId } : null
      }
      // The fallback, due after the first attempt below has had its chance.
      await enqueueJob(tx, 'attendance.reply', { replyId: reply.id }, { tenantId: linkage.tenantId, maxAttempts: 8, runAt: new Date(Date.now() + REPLY_FALLBACK_DELAY_MS) })
      return { kind: 'lineWorks' as const, replyId: reply.id, linkageId: linkage.id }
    })
    if (published?.kind === 'talk') deps.onPlatformReply?.(published.botId, published.memberId, published.messageId)
    if (published?.kind === 'lineWorks') await sendReplyNow(deps, published.replyId, published.linkageId)
    return 'done'
  }
}

/**
 * The employee an event comes from: the account id is their user id or login id. On this platform the
 * user id names a member, whose login id may be the account id too.
 */
async function findAccount(tx: Tx, tenantId: string, userId: string, mode: 'PLATFORM' | 'EXTERNAL') {
  const include = { member: { select: { familyName: true, givenName: true, status: true } } } as const
  const direct = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId, accountId: userId.toLowerCase() } }, include })
  if (direct) return direct.member.status === 'ACTIVE' ? direct : null
  if (mode !== 'PLATFORM') return null
  const member = await tx.member.findFirst({ where: { tenantId, userId }, select: { loginId: true } })
  if (!member) return null
  const byLogin = await tx.attendanceAccount.findUnique({ where: { tenantId_accountId: { tenantId, accountId: member.loginId } }, include })
  return byLogin?.member.status === 'ACTIVE' ? byLogin : null
}

/**
 * The language of the answer: English when the employee typed plain ASCII words ("Clock in"),
 * otherwise the tenant's language (postbacks carry no language).
 */
function replyLanguage(body: Record<string, unknown>, tenantLanguage: 'JA' | 'EN'): Language {
  const text = (body.content as { text?: unknown } | undefined)?.text
  if (body.type === 'message' && typeof text === 'string' && /[a-z]/i.test(text) && /^[\x20-\x7e\s]*$/.test(text)) return 'en'
  return tenantLanguage === 'EN' ? 'en' : 'ja'
}

async function templatesFor(tx: Pick<Tx, 'attendanceTemplate'>, tenantId: string, language: Language): Promise<Record<TemplateKey, string>> {
  const rows = await tx.attendanceTemplate.findMany({ where: { tenantId, language: language === 'en' ? 'EN' : 'JA' } })
  const texts = { ...replyTexts[language] }
  for (const row of rows) if ((templateKeys as readonly string[]).includes(row.key)) texts[row.key as TemplateKey] = row.text
  return texts
}

// ——— Words and templates ——————————————————————————————————————————————————————————————————————————

export async function attendanceWords(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.attendanceWord.findMany({ where: { tenantId: actor.tenantId }, orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }] })
}

const wordKinds = ['CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END', 'TODAY'] as const
type WordKind = (typeof wordKinds)[number]
const kindLabel: Record<WordKind, string> = { CLOCK_IN: 'Clock in', CLOCK_OUT: 'Clock out', BREAK_START: 'Break start', BREAK_END: 'Break end', TODAY: 'Today' }

/** Adds a word for a stamp (or for "today"); a word means one thing only within the tenant. */
export async function addAttendanceWord(ctx: ServiceContext, kind: WordKind, rawWord: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const word = parseInput(z.object({ word: stampWordSchema }), { word: rawWord }).word.trim()
  const normalized = normalizeWord(word)
  const created = await ctx.prisma.$transaction(async (tx) => {
    const taken = await tx.attendanceWord.findUnique({ where: { tenantId_normalized: { tenantId: actor.tenantId, normalized } } })
    if (taken) {
      throw ValidationError.field('word', taken.kind === kind ? `“${taken.word}” is already a word for ${kindLabel[kind]}` : `“${taken.word}” already means ${kindLabel[taken.kind]}: a word can mean one thing only`, 'duplicate')
    }
    const created = await tx.attendanceWord.create({ data: { tenantId: actor.tenantId, kind, word, normalized } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ATTENDANCE', action: 'attendance.word.add', targetType: 'AttendanceWord', targetId: created.id, targetLabel: word, after: { kind, word } },
    ])
    return created
  })
  forgetProcessingContexts()
  return created
}

/** Removes a word; every stamp keeps at least one word, so employees can always stamp by writing. */
export async function removeAttendanceWord(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const removed = await ctx.prisma.$transaction(async (tx) => {
    const word = await tx.attendanceWord.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!word) throw new NotFoundError('Word')
    if ((await tx.attendanceWord.count({ where: { tenantId: actor.tenantId, kind: word.kind } })) === 1) {
      throw new ConflictError(`“${word.word}” is the last word for ${kindLabel[word.kind]}: add another one first`)
    }
    await tx.attendanceWord.delete({ where: { id: word.id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ATTENDANCE', action: 'attendance.word.remove', targetType: 'AttendanceWord', targetId: word.id, targetLabel: word.word, before: { kind: word.kind, word: word.word } },
    ])
    return word
  })
  forgetProcessingContexts()
  return removed
}

/** Every reply text of a language: the tenant's own where set, else the built-in one. */
export async function attendanceTemplates(ctx: ServiceContext, language: Language) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const rows = await ctx.prisma.attendanceTemplate.findMany({ where: { tenantId: actor.tenantId, language: language === 'en' ? 'EN' : 'JA' } })
  return templateKeys.map((key) => {
    const custom = rows.find((row) => row.key === key)
    return { key, language, text: custom?.text ?? replyTexts[language][key], defaultText: replyTexts[language][key], custom: Boolean(custom), placeholders: templatePlaceholders[key] }
  })
}

/** Changes a reply text (placeholders checked), or restores the built-in one with null. */
export async function setAttendanceTemplate(ctx: ServiceContext, language: Language, key: string, text: string | null) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  if (!(templateKeys as readonly string[]).includes(key)) throw ValidationError.field('key', 'Unknown template')
  const templateKey = key as TemplateKey
  const value = text?.trim() ?? ''
  if (text !== null) {
    if (value === '') throw ValidationError.field('text', 'Required')
    if (value.length > 1000) throw ValidationError.field('text', 'At most 1000 characters', 'too_big')
    const unknown = [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').filter((name) => !templatePlaceholders[templateKey].includes(name))
    if (unknown.length > 0) {
      const allowed = templatePlaceholders[templateKey].map((name) => `{${name}}`).join(', ') || 'none'
      throw ValidationError.field('text', `Unknown placeholder {${unknown[0]}}. This text may use: ${allowed}`)
    }
  }
  const lang = language === 'en' ? 'EN' : 'JA'
  await ctx.prisma.$transaction(async (tx) => {
    const before = await tx.attendanceTemplate.findUnique({ where: { tenantId_language_key: { tenantId: actor.tenantId, language: lang, key } } })
    if (text === null) await tx.attendanceTemplate.deleteMany({ where: { tenantId: actor.tenantId, language: lang, key } })
    else
      await tx.attendanceTemplate.upsert({
        where: { tenantId_language_key: { tenantId: actor.tenantId, language: lang, key } },
        create: { tenantId: actor.tenantId, language: lang, key, text: value },
        update: { text: value },
      })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ATTENDANCE', action: 'attendance.template.set', targetType: 'AttendanceTemplate', targetId: null, targetLabel: `${language}:${key}`, before: { text: before?.text ?? null }, after: { text: text === null ? null : value } },
    ])
  })
  forgetProcessingContexts()
  return (await attendanceTemplates(ctx, language)).find((row) => row.key === key)
}

// ——— Replies to real LINE WORKS ————————————————————————————————————————————————————————————————

const tokens = new Map<string, { token: string; expiresAt: number }>()

class RetryableReplyError extends Error {}

/** When the reply job (the fallback) is due, after the event was processed. */
const REPLY_FALLBACK_DELAY_MS = 15_000

/** An access token for the linkage's LINE WORKS app, kept until a minute before it expires. */
async function linkageToken(deps: AttendanceDeps, linkage: AttendanceLinkage): Promise<string> {
  let cached = tokens.get(linkage.id)
  if (!cached || cached.expiresAt < Date.now() + 60_000) {
    cached = await fetchExternalToken(deps, {
      clientId: linkage.clientId ?? '',
      clientSecret: unseal(deps.bots.secrets, linkage, 'clientSecret'),
      serviceAccount: linkage.serviceAccount ?? '',
      privateKey: unseal(deps.bots.secrets, linkage, 'privateKey'),
      authBaseUrl: linkage.authBaseUrl ?? LINE_WORKS_AUTH_BASE,
    })
    tokens.set(linkage.id, cached)
  }
  return cached.token
}

/**
 * The job `attendance.reply`: sends the reply through the LINE WORKS Bot API of the linkage (token
 * from the JWT bearer grant, kept until a minute before it expires). Network errors, 429 and 5xx are
 * retried with backoff; a 401 drops the token and retries; other answers fail the reply, recorded.
 */
/** One attempt to send a reply to LINE WORKS: sent, or why not and whether trying again may help. */
async function attemptReply(
  deps: AttendanceDeps,
  reply: { id: string; userId: string; content: Prisma.JsonValue },
  linkage: AttendanceLinkage,
): Promise<{ sent: true } | { sent: false; retryable: boolean; error: string }> {
  const record = (data: Prisma.AttendanceReplyUpdateManyMutationInput) =>
    deps.prisma.attendanceReply.updateMany({ where: { id: reply.id, sentAt: null }, data: { attempts: { increment: 1 }, ...data } })
  if (linkage.mode !== 'EXTERNAL' || !linkage.apiBaseUrl || !linkage.externalBotId) {
    const error = 'The linkage no longer points at a LINE WORKS bot'
    await record({ lastError: error })
    return { sent: false, retryable: false, error }
  }
  try {
    const token = await linkageToken(deps, linkage)
    const result = await postChecked(
      `${linkage.apiBaseUrl}/v1.0/bots/${encodeURIComponent(linkage.externalBotId)}/users/${encodeURIComponent(reply.userId)}/messages`,
      JSON.stringify({ content: reply.content }),
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      { ...deps.bots.callbackPolicy, timeoutMs: 10_000 },
    )
    if (result.status >= 200 && result.status < 300) {
      await record({ sentAt: new Date(), lastError: null })
      return { sent: true }
    }
    if (result.status === 401) tokens.delete(linkage.id)
    const error = `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 300)}`
    await record({ lastError: error })
    return { sent: false, retryable: result.status === 401 || result.status === 429 || result.status >= 500, error }
  } catch (error) {
    const message = (error instanceof ValidationError || error instanceof OutboundError ? error.message : String(error)).slice(0, 500)
    await record({ lastError: message })
    return { sent: false, retryable: true, error: message }
  }
}

/**
 * Replies are sent right after the event is processed (`sendReplyNow`); this job is the fallback,
 * due a little later: it sends what the first attempt could not (network errors, 401 with a new
 * token, 429 and 5xx with backoff) and records the outcome. A reply already sent is left alone.
 */
export function attendanceReplyHandler(deps: AttendanceDeps) {
  return async (job: ClaimedJob<'attendance.reply'>): Promise<'done'> => {
    const reply = await deps.prisma.attendanceReply.findUnique({ where: { id: job.payload.replyId }, include: { event: { include: { linkage: true } } } })
    if (!reply || reply.sentAt) return 'done'
    const outcome = await attemptReply(deps, reply, reply.event.linkage)
    if (!outcome.sent && outcome.retryable && job.attempts < job.maxAttempts) throw new RetryableReplyError(outcome.error)
    return 'done'
  }
}

/** The first attempt, made as soon as the event's transaction has committed (best effort). */
async function sendReplyNow(deps: AttendanceDeps, replyId: string, linkageId: string): Promise<void> {
  const context = processingContexts.get(linkageId)
  const reply = await deps.prisma.attendanceReply.findUnique({ where: { id: replyId } })
  const linkage = context?.linkage ?? (await deps.prisma.attendanceLinkage.findUnique({ where: { id: linkageId } }))
  if (!reply || reply.sentAt || !linkage) return
  await attemptReply(deps, reply, linkage)
}

// ——— Timesheets and corrections —————————————————————————————————————————————————————————————————

export interface TimesheetDay extends DaySheet {
  date: string
  stamps: AttendanceStampRow[]
}

type AttendanceStampRow = Prisma.AttendanceStampGetPayload<object>

/** An employee's month (YYYY-MM): every day with stamps, with its sheet, and the month's totals. */
export async function monthTimesheet(ctx: ServiceContext, memberId: string, month: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw ValidationError.field('month', 'Write the month as YYYY-MM')
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, tenantId: actor.tenantId } })
  if (!member) throw new NotFoundError('Member')
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
  const stamps = await ctx.prisma.attendanceStamp.findMany({
    where: { tenantId: actor.tenantId, memberId, workDate: { gte: `${month}-01`, lte: `${month}-31` } },
    orderBy: [{ stampedAt: 'asc' }, { createdAt: 'asc' }],
  })
  const today = localDate(new Date(), tenant.timeZone)
  const byDate = new Map<string, AttendanceStampRow[]>()
  for (const stamp of stamps) byDate.set(stamp.workDate, [...(byDate.get(stamp.workDate) ?? []), stamp])
  const days: TimesheetDay[] = [...byDate.entries()].map(([date, rows]) => ({
    date,
    stamps: rows,
    ...daySheet(
      rows.filter((row) => !row.voidedAt),
      date < today,
    ),
  }))
  return {
    member,
    month,
    timeZone: tenant.timeZone,
    days,
    workedMinutes: days.reduce((sum, day) => sum + (day.workedMinutes ?? 0), 0),
    breakMinutes: days.reduce((sum, day) => sum + day.breakMinutes, 0),
    workedDays: days.filter((day) => day.clockIn).length,
    anomalyDays: days.filter((day) => day.anomalies.length > 0).length,
  }
}

const reasonSchema = z.string().trim().min(1, { message: 'Write why the stamp is corrected' }).max(500, { message: 'At most 500 characters' })

/**
 * An admin's correction: adds a stamp, or replaces / voids one. Stamps are never edited or deleted:
 * a replaced or voided stamp stays (marked voided) next to its correction, and every correction is in
 * the audit log with its reason.
 */
export async function correctStamp(
  ctx: ServiceContext,
  input: { memberId: string; action: 'ADD' | 'REPLACE' | 'VOID'; stampId?: string | null; kind?: StampKind | null; at?: Date | null; reason: string },
) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const reason = parseInput(z.object({ reason: reasonSchema }), { reason: input.reason }).reason
  if (input.action !== 'VOID' && (!input.kind || !input.at)) throw ValidationError.field(input.kind ? 'at' : 'kind', 'Required')
  if (input.action !== 'ADD' && !input.stampId) throw ValidationError.field('stampId', 'Choose the stamp to correct')
  if (input.at && input.at.getTime() > Date.now() + 60_000) throw ValidationError.field('at', 'A stamp cannot be in the future')
  return ctx.prisma.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { id: input.memberId, tenantId: actor.tenantId } })
    if (!member) throw new NotFoundError('Member')
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
    let previous: AttendanceStampRow | null = null
    if (input.stampId) {
      previous = await tx.attendanceStamp.findFirst({ where: { id: input.stampId, tenantId: actor.tenantId, memberId: member.id } })
      if (!previous) throw ValidationError.field('stampId', 'Unknown stamp', 'not_found')
      if (previous.voidedAt) throw ValidationError.field('stampId', 'This stamp was already corrected')
      await tx.attendanceStamp.update({ where: { id: previous.id }, data: { voidedAt: new Date() } })
    }
    const created =
      input.action === 'VOID' || !input.kind || !input.at
        ? null
        : await tx.attendanceStamp.create({
            data: {
              tenantId: actor.tenantId,
              memberId: member.id,
              kind: input.kind,
              stampedAt: input.at,
              workDate: previous?.workDate ?? localDate(input.at, tenant.timeZone),
              replacesId: previous?.id ?? null,
              reason,
              createdBy: actor.label,
            },
          })
    const view = (row: AttendanceStampRow | null) => (row ? { kind: row.kind, stampedAt: row.stampedAt.toISOString(), workDate: row.workDate } : null)
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: `attendance.stamp.${input.action.toLowerCase()}`,
        targetType: 'Member',
        targetId: member.id,
        targetLabel: member.loginId,
        before: view(previous),
        after: { ...view(created), reason },
      },
    ])
    return created ?? previous
  })
}

// ——— Account settings ——————————————————————————————————————————————————————————————————————————————

export interface EmployeeFilter {
  orgUnitId?: string | null
  employmentTypeId?: string | null
  query?: string | null
  /** true: only employees with an account id; false: only those without. */
  linked?: boolean | null
}

function employeeWhere(tenantId: string, filter: EmployeeFilter): Prisma.MemberWhereInput {
  const text = filter.query?.trim().toLowerCase()
  return {
    tenantId,
    ...(filter.orgUnitId && { orgUnitId: filter.orgUnitId }),
    ...(filter.employmentTypeId && { employmentTypeId: filter.employmentTypeId }),
    ...(text && { searchText: { contains: text } }),
    ...(filter.linked === true && { attendanceAccount: { isNot: null } }),
    ...(filter.linked === false && { attendanceAccount: { is: null } }),
  }
}

const employeeSelect = {
  id: true,
  loginId: true,
  userId: true,
  familyName: true,
  givenName: true,
  status: true,
  domainId: true,
  orgUnit: { select: { name: true } },
  employmentType: { select: { name: true } },
  attendanceAccount: { select: { accountId: true } },
} satisfies Prisma.MemberSelect

export type EmployeeRow = Prisma.MemberGetPayload<{ select: typeof employeeSelect }>

/** Employees (members) with their account ids, by login id, filtered by department and employment type. */
export async function attendanceEmployees(ctx: ServiceContext, filter: EmployeeFilter, page: { first: number; after?: string | null }) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const first = Math.min(Math.max(page.first, 1), 200)
  const where = employeeWhere(actor.tenantId, filter)
  const after = page.after ? await ctx.prisma.member.findFirst({ where: { id: page.after, tenantId: actor.tenantId }, select: { loginId: true } }) : null
  const [rows, totalCount, linkedCount] = await Promise.all([
    ctx.prisma.member.findMany({
      where: { ...where, ...(after && { loginId: { gt: after.loginId } }) },
      select: employeeSelect,
      orderBy: { loginId: 'asc' },
      take: first + 1,
    }),
    ctx.prisma.member.count({ where }),
    ctx.prisma.member.count({ where: { ...where, attendanceAccount: { isNot: null } } }),
  ])
  return { employees: rows.slice(0, first), hasMore: rows.length > first, totalCount, linkedCount }
}

export async function attendanceEmployee(ctx: ServiceContext, memberId: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.member.findFirstOrThrow({ where: { id: memberId, tenantId: actor.tenantId }, select: employeeSelect })
}

export async function attendanceFilters(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  const [orgUnits, employmentTypes] = await Promise.all([
    ctx.prisma.orgUnit.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    ctx.prisma.employmentType.findMany({ where: { tenantId: actor.tenantId }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ])
  return { orgUnits, employmentTypes }
}

export interface AccountImportResult {
  dryRun: boolean
  rows: number
  changed: number
  unchanged: number
  errors: { line: number; loginId: string; message: string }[]
}

/**
 * Account ids from CSV (`login_id,account_id`; an empty account id clears it). Every row is checked
 * first (unknown login id, account id used by someone else or twice in the file, too long); with any
 * error nothing is changed. A dry run only reports. Applying the same file again changes nothing.
 */
export async function importAttendanceAccounts(ctx: ServiceContext, rows: { line: number; loginId: string; accountId: string }[], dryRun: boolean): Promise<AccountImportResult> {
  const actor = requireAuthority(ctx.actor, 'attendance', dryRun ? 'VIEW' : 'EDIT')
  if (rows.length > 100_000) throw ValidationError.field('file', 'At most 100,000 rows per file', 'too_big')
  const errors: AccountImportResult['errors'] = []
  const loginIds = [...new Set(rows.map((row) => row.loginId.trim().toLowerCase()))]
  const members = new Map<string, { id: string; accountId: string | null }>()
  for (let index = 0; index < loginIds.length; index += 5000) {
    const found = await ctx.prisma.member.findMany({
      where: { tenantId: actor.tenantId, loginId: { in: loginIds.slice(index, index + 5000) } },
      select: { id: true, loginId: true, attendanceAccount: { select: { accountId: true } } },
    })
    for (const member of found) members.set(member.loginId, { id: member.id, accountId: member.attendanceAccount?.accountId ?? null })
  }
  const wanted = new Map<string, string>()
  const seenLogin = new Set<string>()
  const changes: { memberId: string; loginId: string; before: string | null; after: string | null }[] = []
  for (const row of rows) {
    const loginId = row.loginId.trim().toLowerCase()
    const accountId = row.accountId.trim().toLowerCase()
    const member = members.get(loginId)
    if (!loginId) errors.push({ line: row.line, loginId, message: 'login_id is empty' })
    else if (!member) errors.push({ line: row.line, loginId, message: 'No member has this login id' })
    else if (seenLogin.has(loginId)) errors.push({ line: row.line, loginId, message: 'This login id appears twice in the file' })
    else if (accountId.length > 200) errors.push({ line: row.line, loginId, message: 'account_id: at most 200 characters' })
    else if (accountId && wanted.has(accountId)) errors.push({ line: row.line, loginId, message: `account_id ${accountId} is also given to ${wanted.get(accountId)}` })
    else {
      seenLogin.add(loginId)
      if (accountId) wanted.set(accountId, loginId)
      if ((member.accountId ?? '') !== accountId) changes.push({ memberId: member.id, loginId, before: member.accountId, after: accountId || null })
    }
  }
  // An account id already held by an employee the file does not change.
  const changing = new Set(changes.map((change) => change.memberId))
  const holders = await ctx.prisma.attendanceAccount.findMany({ where: { tenantId: actor.tenantId, accountId: { in: [...wanted.keys()] } }, include: { member: { select: { loginId: true } } } })
  for (const holder of holders) {
    const claimant = wanted.get(holder.accountId)
    const releasing = changing.has(holder.memberId) && changes.find((change) => change.memberId === holder.memberId)?.after !== holder.accountId
    if (claimant && claimant !== holder.member.loginId && !releasing) {
      const line = rows.find((row) => row.loginId.trim().toLowerCase() === claimant)?.line ?? 0
      errors.push({ line, loginId: claimant, message: `account_id ${holder.accountId} already belongs to ${holder.member.loginId}` })
    }
  }
  errors.sort((a, b) => a.line - b.line)
  const result = { dryRun, rows: rows.length, changed: changes.length, unchanged: rows.length - changes.length - errors.length, errors }
  if (dryRun || errors.length > 0 || changes.length === 0) return { ...result, dryRun: dryRun || errors.length > 0 }
  await ctx.prisma.$transaction(
    async (tx) => {
      // Clear first, then set: swapping two employees' account ids does not trip the unique index.
      await tx.attendanceAccount.deleteMany({ where: { tenantId: actor.tenantId, memberId: { in: changes.map((change) => change.memberId) } } })
      await tx.attendanceAccount.createMany({
        data: changes.flatMap((change) => (change.after ? [{ tenantId: actor.tenantId, memberId: change.memberId, accountId: change.after }] : [])),
      })
      await recordAudit(
        tx,
        actor.tenantId,
        auditActorOf(actor),
        changes.map((change) => ({
          area: 'ATTENDANCE' as const,
          action: 'attendance.account.set',
          targetType: 'Member',
          targetId: change.memberId,
          targetLabel: change.loginId,
          before: { accountId: change.before },
          after: { accountId: change.after, via: 'csv' },
        })),
      )
    },
    { timeout: 120_000 },
  )
  return result
}

// ——— First message ——————————————————————————————————————————————————————————————————————————————————

export type FirstMessageFailure = 'ACCOUNT_NOT_FOUND' | 'BOT_NOT_IN_DOMAIN' | 'SUSPENDED' | 'CREDENTIALS' | 'LINKAGE_DISABLED' | 'UNREACHABLE' | 'REFUSED'

export interface FirstMessageResult {
  employee: EmployeeRow
  sent: boolean
  failure: FirstMessageFailure | null
  detail: string | null
}

/** Employees a first message goes to at most at once (the page shows each one's result). */
export const FIRST_MESSAGE_MAX = 2000

/**
 * Sends the linkage's first message from the bot to every employee with an account id in the
 * department / employment type shown (not chosen one by one), and reports each one's result with the
 * likely reason when it failed: account id wrong, bot not added to their domain, suspended, …
 */
export async function sendFirstMessage(ctx: ServiceContext & { bots: BotDeps; onPlatformMessage?: (botId: string, memberId: string, messageId: string) => void }, filter: EmployeeFilter) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const linkage = await ctx.prisma.attendanceLinkage.findUnique({ where: { tenantId: actor.tenantId }, include: { tenant: true } })
  if (!linkage?.enabled) throw new ConflictError('Turn the time-recording linkage on first')
  const employees = await ctx.prisma.member.findMany({
    where: { ...employeeWhere(actor.tenantId, { ...filter, linked: true }) },
    select: employeeSelect,
    orderBy: { loginId: 'asc' },
    take: FIRST_MESSAGE_MAX + 1,
  })
  if (employees.length > FIRST_MESSAGE_MAX) throw ValidationError.field('orgUnitId', `More than ${FIRST_MESSAGE_MAX} employees: choose a department or an employment type`)
  const language: Language = linkage.tenant.language === 'EN' ? 'en' : 'ja'
  const texts = await templatesFor(ctx.prisma, actor.tenantId, language)
  const results: FirstMessageResult[] = []
  const send = async (employee: EmployeeRow): Promise<FirstMessageResult> => {
    const accountId = employee.attendanceAccount?.accountId ?? ''
    const content = replyContent(fill(texts.firstMessage, { name: employee.familyName }), ['CLOCK_IN'], language)
    if (linkage.mode === 'PLATFORM') return sendOnPlatform(ctx, linkage, employee, accountId, content)
    return sendToLineWorks({ prisma: ctx.prisma, bots: ctx.bots }, linkage, employee, accountId, content)
  }
  for (let index = 0; index < employees.length; index += 8) {
    results.push(...(await Promise.all(employees.slice(index, index + 8).map(send))))
  }
  const sent = results.filter((result) => result.sent).length
  await ctx.prisma.$transaction((tx) =>
    recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'ATTENDANCE',
        action: 'attendance.firstMessage.send',
        targetType: 'AttendanceLinkage',
        targetId: linkage.id,
        targetLabel: linkage.mode,
        after: { sent, failed: results.length - sent, orgUnitId: filter.orgUnitId ?? null, employmentTypeId: filter.employmentTypeId ?? null },
      },
    ]),
  )
  return { sent, failed: results.length - sent, results }
}

async function sendOnPlatform(
  ctx: ServiceContext & { onPlatformMessage?: (botId: string, memberId: string, messageId: string) => void },
  linkage: AttendanceLinkage,
  employee: EmployeeRow,
  accountId: string,
  content: Prisma.InputJsonObject,
): Promise<FirstMessageResult> {
  const fail = (failure: FirstMessageFailure, detail: string) => ({ employee, sent: false, failure, detail })
  const target = await ctx.prisma.member.findFirst({
    where: { tenantId: linkage.tenantId, OR: [{ loginId: accountId }, ...(/^[0-9a-f-]{36}$/.test(accountId) ? [{ userId: accountId }] : [])] },
    select: { id: true, status: true, domainId: true },
  })
  if (!target) return fail('ACCOUNT_NOT_FOUND', `No member has the account id ${accountId}`)
  if (target.status !== 'ACTIVE') return fail('SUSPENDED', 'The account is suspended')
  if (!linkage.botId) return fail('LINKAGE_DISABLED', 'The linkage has no bot')
  const seat = await ctx.prisma.botDomain.findUnique({
    where: { botId_domainId: { botId: linkage.botId, domainId: target.domainId } },
    include: { members: { where: { memberId: target.id }, select: { memberId: true } } },
  })
  if (!seat || (seat.visibility === 'SELECTED' && seat.members.length === 0)) return fail('BOT_NOT_IN_DOMAIN', 'The bot is not added to the employee’s domain (or not visible to them)')
  const messageId = await insertBotTalkMessage(ctx.prisma, { tenantId: linkage.tenantId, botId: linkage.botId, memberId: target.id }, content)
  if (messageId) ctx.onPlatformMessage?.(linkage.botId, target.id, messageId)
  return { employee, sent: true, failure: null, detail: null }
}

async function sendToLineWorks(deps: AttendanceDeps, linkage: AttendanceLinkage, employee: EmployeeRow, accountId: string, content: Prisma.InputJsonObject): Promise<FirstMessageResult> {
  const fail = (failure: FirstMessageFailure, detail: string) => ({ employee, sent: false, failure, detail })
  try {
    const token = await linkageToken(deps, linkage)
    const result = await postChecked(
      `${linkage.apiBaseUrl}/v1.0/bots/${encodeURIComponent(linkage.externalBotId ?? '')}/users/${encodeURIComponent(accountId)}/messages`,
      JSON.stringify({ content }),
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      { ...deps.bots.callbackPolicy, timeoutMs: 10_000 },
    )
    if (result.status >= 200 && result.status < 300) return { employee, sent: true, failure: null, detail: null }
    if (result.status === 401) tokens.delete(linkage.id)
    const detail = `LINE WORKS answered ${result.status}: ${result.bodyText.slice(0, 200)}`
    if (result.status === 404) return fail('ACCOUNT_NOT_FOUND', detail)
    if (result.status === 403) return fail('BOT_NOT_IN_DOMAIN', detail)
    if (result.status === 401) return fail('CREDENTIALS', detail)
    return fail('REFUSED', detail)
  } catch (error) {
    if (error instanceof ValidationError) return fail('CREDENTIALS', error.message)
    return fail('UNREACHABLE', error instanceof Error ? error.message : String(error))
  }
}

// ——— Month export ———————————————————————————————————————————————————————————————————————————————————

export interface ExportRow {
  loginId: string
  familyName: string
  givenName: string
  department: string
  employmentType: string
  date: string
  clockIn: string
  clockOut: string
  breakMinutes: number
  workedMinutes: number | null
  anomalies: string
}

/**
 * A month of a department (or of everyone): one row per employee per day with stamps, times in the
 * tenant's time zone, ordered by login id then date. Voided stamps are left out (corrections apply).
 */
export async function monthExport(ctx: ServiceContext, month: string, orgUnitId: string | null): Promise<{ rows: ExportRow[]; timeZone: string }> {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw ValidationError.field('month', 'Write the month as YYYY-MM')
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
  const stamps = await ctx.prisma.attendanceStamp.findMany({
    where: { tenantId: actor.tenantId, voidedAt: null, workDate: { gte: `${month}-01`, lte: `${month}-31` }, ...(orgUnitId && { member: { orgUnitId } }) },
    include: { member: { select: { loginId: true, familyName: true, givenName: true, orgUnit: { select: { name: true } }, employmentType: { select: { name: true } } } } },
    orderBy: { stampedAt: 'asc' },
  })
  const today = localDate(new Date(), tenant.timeZone)
  const groups = new Map<string, typeof stamps>()
  for (const stamp of stamps) {
    const key = `${stamp.member.loginId}\u0000${stamp.workDate}`
    groups.set(key, [...(groups.get(key) ?? []), stamp])
  }
  const time = (at: Date | null) => (at ? localTime(at, tenant.timeZone) : '')
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, day]) => {
      const first = day[0] as (typeof stamps)[number]
      const sheet = daySheet(day, first.workDate < today)
      return {
        loginId: first.member.loginId,
        familyName: first.member.familyName,
        givenName: first.member.givenName,
        department: first.member.orgUnit?.name ?? '',
        employmentType: first.member.employmentType?.name ?? '',
        date: first.workDate,
        clockIn: time(sheet.clockIn),
        clockOut: time(sheet.clockOut),
        breakMinutes: sheet.breakMinutes,
        workedMinutes: sheet.workedMinutes,
        anomalies: sheet.anomalies.join(' '),
      }
    })
  return { rows, timeZone: tenant.timeZone }
}
