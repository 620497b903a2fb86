import { defaultStampWords, isTemplateKey, type StampKind, type TemplateKey, templateKeys } from '@worksbase/schema'
import type { Tx } from '../audit.ts'
import type { Prisma } from '#generated/prisma/client.ts'

/** What the attendance bot answers: the built-in reply texts per language, a tenant's own, and the reply's quick replies. */

export type Language = 'ja' | 'en'

/** The placeholders each reply text a tenant can change ({@link templateKeys}, shared with the web app) may use. */
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

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}

export const stampLabel = (kind: StampKind, language: Language) => defaultStampWords[kind][language]

const todayLabel: Record<Language, string> = { ja: '今日', en: 'Today' }

/**
 * A text reply with quick-reply buttons for the stamps that are valid next (postbacks carry the
 * kind), and, with `offerToday`, one that shows today's stamps: so an employee always has a next
 * step to tap, after clocking out or after a word the bot did not know as well.
 */
export function replyContent(text: string, next: StampKind[], language: Language, offerToday = false): Prisma.InputJsonObject {
  const items = next.map((kind) => ({
    action: { type: 'postback', label: stampLabel(kind, language), data: `stamp=${kind}`, displayText: stampLabel(kind, language) },
  }))
  if (offerToday) items.push({ action: { type: 'postback', label: todayLabel[language], data: 'stamp=TODAY', displayText: todayLabel[language] } })
  return { type: 'text', text, ...(items.length > 0 && { quickReply: { items } }) }
}

/** The name a reply calls the employee by: the English family name in English replies, when there is one. */
export function replyName(employee: { familyName: string; familyNameEn?: string | null }, language: Language): string {
  return language === 'en' && employee.familyNameEn ? employee.familyNameEn : employee.familyName
}

/** A tenant's reply texts in a language: its own where set, else the built-in ones. */
export async function templatesFor(tx: Pick<Tx, 'attendanceTemplate'>, tenantId: string, language: Language): Promise<Record<TemplateKey, string>> {
  const rows = await tx.attendanceTemplate.findMany({ where: { tenantId, language: language === 'en' ? 'EN' : 'JA' } })
  const texts = { ...replyTexts[language] }
  for (const row of rows) if (isTemplateKey(row.key)) texts[row.key] = row.text
  return texts
}

