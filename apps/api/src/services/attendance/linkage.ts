import { defaultStampWords, defaultTodayWords, normalizeWord, stampKinds, stampWordSchema, type TemplateKey, templateKeys } from '@worksbase/schema'
import { z } from 'zod'
import { ConflictError, type FieldProblem, NotFoundError, ValidationError, parseInput } from '../../errors.ts'
import { signRs256Assertion } from '../../lib/jwt.ts'
import { checkCallbackUrl, postChecked } from '../../lib/outbound.ts'
import type { SecretBox } from '../../lib/secret-box.ts'
import { TtlCache } from '../../lib/ttl-cache.ts'
import { auditActorOf, recordAudit, type Tx } from '../audit.ts'
import { requireAuthority } from '../authority.ts'
import type { BotDeps } from '../bots.ts'
import type { ServiceContext } from '../common.ts'
import type { Database } from '../../db/index.ts'
import { type Language, replyTexts, templatePlaceholders } from './reply-texts.ts'
import type { AttendanceLinkage, PrismaClient } from '#generated/prisma/client.ts'

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

export function unseal(secrets: SecretBox, linkage: AttendanceLinkage, field: 'clientSecret' | 'privateKey' | 'botSecret'): string {
  const sealed = { clientSecret: linkage.clientSecretSealed, privateKey: linkage.privateKeySealed, botSecret: linkage.botSecretSealed }[field]
  if (!sealed) throw new ConflictError(`The linkage has no ${field}`)
  return secrets.decrypt(sealed, sealContext(linkage.id, field))
}

// ——— What every event reads, kept for a few seconds ——————————————————————————————————————————————

/**
 * What the webhook needs of a linkage (enabled, EXTERNAL, its Bot Secret unsealed), kept for a few
 * seconds: every callback needs it, and unsealing costs. Saving or disabling a linkage in this process
 * evicts it; another process sees the change within the TTL.
 */
export const webhookLinkages = new TtlCache<{ id: string; tenantId: string; botSecret: string } | null>(1000, 5000)

export interface ProcessingContext {
  linkage: AttendanceLinkage & { tenant: { language: 'JA' | 'EN'; timeZone: string } }
  texts: Record<Language, Record<TemplateKey, string>>
  words: Map<string, WordKind>
}

/**
 * What processing needs of a linkage besides the event: the linkage and its tenant, the reply texts
 * and the words. Kept for a few seconds (every event needs them); any change to them in this process
 * clears the cache, other processes see it within the TTL.
 */
export const processingContexts = new TtlCache<ProcessingContext>(1000, 5000)

/** After a change to a linkage, its words or its texts: processing reads them afresh. */
export function forgetProcessingContexts() {
  processingContexts.clear()
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

/**
 * The linkage's URLs are checked when saved as bots' callback URLs are (HTTPS, every address public
 * unless the operator allow-listed the host), so a URL that every send would refuse is never stored.
 */
async function checkLinkageUrls(bots: BotDeps, external: { authBaseUrl: string; apiBaseUrl: string }) {
  const problems: FieldProblem[] = []
  for (const field of ['authBaseUrl', 'apiBaseUrl'] as const) {
    const result = await checkCallbackUrl(external[field], bots.callbackPolicy)
    if (!result.ok) problems.push({ path: ['external', field], code: result.code, message: result.message })
  }
  const [first] = problems
  if (first) throw new ValidationError(`${first.path.join('.')}: ${first.message}`, problems)
}

/** A JWT bearer grant against the linkage's token endpoint: proves the credentials and yields a token. */
export async function fetchExternalToken(
  deps: AttendanceDeps,
  creds: { clientId: string; clientSecret: string; serviceAccount: string; privateKey: string; authBaseUrl: string },
  scope = 'bot',
) {
  let assertion: string
  try {
    assertion = await signRs256Assertion(creds.privateKey, { iss: creds.clientId, sub: creds.serviceAccount })
  } catch {
    throw ValidationError.field('privateKey', 'This private key cannot be read: paste the key file LINE WORKS gave you')
  }
  const form = new URLSearchParams({
    assertion,
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    scope,
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
  if (external) {
    await checkLinkageUrls(ctx.bots, external)
    await fetchExternalToken({ prisma: ctx.prisma, bots: ctx.bots }, external)
  }
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

// ——— Words and templates ——————————————————————————————————————————————————————————————————————————

export async function attendanceWords(ctx: ServiceContext) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'VIEW')
  return ctx.prisma.attendanceWord.findMany({ where: { tenantId: actor.tenantId }, orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }] })
}

const wordKinds = ['CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END', 'TODAY'] as const
export type WordKind = (typeof wordKinds)[number]
const kindLabel: Record<WordKind, string> = { CLOCK_IN: 'Clock in', CLOCK_OUT: 'Clock out', BREAK_START: 'Break start', BREAK_END: 'Break end', TODAY: 'Today' }

/** Why a word is refused by stampWordSchema, as a stable code (the schema's checks, in its order). */
function wordProblemCode(word: string): 'too_big' | 'required' | 'line_break' {
  if (word.length > 50) return 'too_big'
  return normalizeWord(word) === '' ? 'required' : 'line_break'
}

/** Adds a word for a stamp (or for "today"); a word means one thing only within the tenant. */
export async function addAttendanceWord(ctx: ServiceContext, kind: WordKind, rawWord: string) {
  const actor = requireAuthority(ctx.actor, 'attendance', 'EDIT')
  const parsed = stampWordSchema.safeParse(rawWord)
  if (!parsed.success) throw ValidationError.field('word', parsed.error.issues[0]?.message ?? 'Invalid word', wordProblemCode(rawWord))
  const word = parsed.data.trim()
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
      throw ValidationError.field('id', `“${word.word}” is the last word for ${kindLabel[word.kind]}: add another one first`, 'last_word')
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
  if (!(templateKeys as readonly string[]).includes(key)) throw ValidationError.field('key', 'Unknown template', 'unknown_template')
  const templateKey = key as TemplateKey
  const value = text?.trim() ?? ''
  if (text !== null) {
    if (value === '') throw ValidationError.field('text', 'Required', 'required')
    if (value.length > 1000) throw ValidationError.field('text', 'At most 1000 characters', 'too_big')
    const unknown = [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').filter((name) => !templatePlaceholders[templateKey].includes(name))
    if (unknown.length > 0) {
      const allowed = templatePlaceholders[templateKey].map((name) => `{${name}}`).join(', ') || 'none'
      throw ValidationError.field('text', `Unknown placeholder {${unknown[0]}}. This text may use: ${allowed}`, 'unknown_placeholder')
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
