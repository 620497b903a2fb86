import { type CallbackEventBody, callbackEventSchema, normalizeWord, type StampKind } from '@worksbase/schema'
import { localDate, localTime, previousDate } from './calendar.ts'
import type { WordKind } from './linkage.ts'
import type { TemplateKey } from '@worksbase/schema'
import { fill, type Language, replyContent, replyName, stampLabel } from './reply-texts.ts'
import { applyStamp, dayState, type StampLike, validNext } from './rules.ts'
import type { Prisma } from '#generated/prisma/client.ts'

/**
 * What a stored event becomes, free of any storage: whether attendance can use it, what the employee
 * asked for, the stamp it gives (if any) and the reply. The processor reads and writes; this decides.
 */

/** A member's message or postback: the events attendance answers. */
export type UsableEvent = Extract<CallbackEventBody, { type: 'message' | 'postback' }>

/**
 * An event issued longer than this before it arrived is not acted on: LINE WORKS sends a callback
 * once, as it happens, so such a body is a replay. Stored events are deleted after
 * WEBHOOK_EVENT_RETENTION_DAYS (services/retention.ts); this is what then keeps a replay of one
 * from stamping again.
 */
export const STALE_EVENT_MS = 60 * 60_000

/** The event in a stored body with its sender's user id, or why attendance does not use it (as of `receivedAt`). */
export function readEvent(body: string, receivedAt?: Date): { event: UsableEvent; userId: string } | { ignored: string } {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    value = null
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ignored: 'The body is not a JSON object' }
  const type = (value as { type?: unknown }).type
  if (type !== 'message' && type !== 'postback') return { ignored: `Event type ${String(type)} is not used for attendance` }
  const parsed = callbackEventSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ignored: `The ${type} event does not match LINE WORKS' format (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})` }
  }
  const event = parsed.data as UsableEvent
  const issued = event.issuedTime ? Date.parse(event.issuedTime) : Number.NaN
  if (receivedAt && receivedAt.getTime() - issued > STALE_EVENT_MS) {
    return { ignored: `The event was issued at ${event.issuedTime}, more than an hour before it arrived (a replay)` }
  }
  const userId = event.source.userId
  return userId ? { event, userId } : { ignored: 'The event has no source.userId' }
}

const stampRequest = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END|TODAY)$/

/** What the employee asked for (a stamp, today's stamps, or nothing we know) and the text they sent. */
export function interpret(words: ReadonlyMap<string, WordKind>, event: UsableEvent): { kind: WordKind | null; text: string } {
  if (event.type === 'postback') return { kind: (stampRequest.exec(event.data)?.[1] as WordKind | undefined) ?? null, text: event.data }
  const { content } = event
  if (content.type !== 'text') return { kind: null, text: '' }
  const postbackKind = stampRequest.exec(content.postback ?? '')?.[1] as WordKind | undefined
  if (postbackKind) return { kind: postbackKind, text: content.text }
  return { kind: content.text ? (words.get(normalizeWord(content.text)) ?? null) : null, text: content.text }
}

/**
 * The language of the answer: English when the employee typed plain ASCII words ("Clock in"),
 * otherwise the tenant's language (postbacks carry no language).
 */
export function replyLanguage(event: UsableEvent, tenantLanguage: 'JA' | 'EN'): Language {
  if (event.type === 'message' && event.content.type === 'text' && /[a-z]/i.test(event.content.text) && /^[\x20-\x7e\s]*$/.test(event.content.text)) return 'en'
  return tenantLanguage === 'EN' ? 'en' : 'ja'
}

/** The calendar days whose stamps deciding an event received at `at` may read: today and yesterday. */
export function daysRead(at: Date, timeZone: string): string[] {
  const today = localDate(at, timeZone)
  return [today, previousDate(today)]
}

export interface EventDecision {
  note: 'stamped' | 'answered' | 'unlinked'
  /** The stamp to store, on the working day it belongs to. */
  stamp: { kind: StampKind; workDate: string; sourceText: string } | null
  content: Prisma.InputJsonObject
}

/**
 * One event's stamp and reply. `day(date)` is the employee's stamps of a working day so far (those of
 * earlier events of the batch included). A stamp other than a clock-in with no open day today belongs
 * to yesterday's day when that one is still open (a clock-out after midnight).
 */
export function decide(input: {
  event: UsableEvent
  receivedAt: Date
  timeZone: string
  language: Language
  texts: Record<TemplateKey, string>
  words: ReadonlyMap<string, WordKind>
  employee: { familyName: string; familyNameEn?: string | null } | null
  day: (workDate: string) => readonly StampLike[]
}): EventDecision {
  const { receivedAt, timeZone, language, texts } = input
  if (!input.employee) return { note: 'unlinked', stamp: null, content: replyContent(texts.unlinked, [], language) }
  const name = replyName(input.employee, language)
  const answered = (content: Prisma.InputJsonObject): EventDecision => ({ note: 'answered', stamp: null, content })
  const { kind, text } = interpret(input.words, input.event)
  const [today, yesterday] = daysRead(receivedAt, timeZone) as [string, string]
  const todays = input.day(today)
  if (kind === null) return answered(replyContent(texts.help, validNext(dayState(todays)), language, true))
  if (kind === 'TODAY') {
    const list = todays.map((stamp) => `${stampLabel(stamp.kind, language)} ${localTime(stamp.stampedAt, timeZone)}`).join(language === 'ja' ? '、' : ', ')
    return answered(replyContent(fill(list ? texts.today : texts.todayNone, { name, stamps: list }), validNext(dayState(todays)), language, true))
  }
  let workDate = today
  let stamps = todays
  if (kind !== 'CLOCK_IN' && dayState(todays) === 'OFF') {
    const previous = input.day(yesterday)
    const state = dayState(previous)
    if (state === 'WORKING' || state === 'ON_BREAK') {
      workDate = yesterday
      stamps = previous
    }
  }
  const state = dayState(stamps)
  const applied = applyStamp(state, kind)
  if (!applied.ok) {
    const firstIn = stamps.find((stamp) => stamp.kind === 'CLOCK_IN')
    return answered(replyContent(fill(texts[applied.refusal], { name, time: firstIn ? localTime(firstIn.stampedAt, timeZone) : '' }), validNext(state), language, true))
  }
  return {
    note: 'stamped',
    stamp: { kind, workDate, sourceText: text.slice(0, 300) },
    content: replyContent(fill(texts.stamped, { name, stamp: stampLabel(kind, language), time: localTime(receivedAt, timeZone) }), validNext(applied.state), language, true),
  }
}
