import { Temporal } from 'temporal-polyfill'
import { describe, expect, it } from 'vitest'
import { decide, readEvent, type UsableEvent } from './decisions.ts'
import { replyTexts } from './reply-texts.ts'
import type { StampLike } from './rules.ts'

const at = (wallClock: string, timeZone: string) => new Date(Temporal.PlainDateTime.from(wallClock).toZonedDateTime(timeZone).epochMilliseconds)
const postback = (data: string): UsableEvent => ({ type: 'postback', source: { userId: 'user-1', domainId: 1 }, data })

/** What a clock-out at `outAt` decides when the employee clocked in at `inAt` (both wall clock in `zone`). */
function clockOut(zone: string, inAt: string, outAt: string) {
  const clockIn: StampLike = { kind: 'CLOCK_IN', stampedAt: at(inAt, zone) }
  const days = new Map<string, StampLike[]>([[inAt.slice(0, 10), [clockIn]]])
  return decide({
    event: postback('stamp=CLOCK_OUT'),
    receivedAt: at(outAt, zone),
    timeZone: zone,
    language: 'en',
    texts: replyTexts.en,
    words: new Map(),
    employee: { familyName: 'Yamada' },
    day: (date) => days.get(date) ?? [],
  })
}

describe('a clock-out after midnight belongs to yesterday’s open day', () => {
  it.each([
    // The day after New York springs forward (2026-03-08, 23 hours long).
    { zone: 'America/New_York', inAt: '2026-03-08T20:00', outAt: '2026-03-09T00:30' },
    // New York falls back on 2026-11-01 (25 hours long): a clock-out late that day closes the 31st.
    { zone: 'America/New_York', inAt: '2026-10-31T18:00', outAt: '2026-11-01T23:30' },
    { zone: 'America/New_York', inAt: '2026-11-01T20:00', outAt: '2026-11-02T00:30' },
    { zone: 'Europe/Berlin', inAt: '2026-03-29T20:00', outAt: '2026-03-30T00:30' },
    { zone: 'Europe/Berlin', inAt: '2026-10-24T18:00', outAt: '2026-10-25T23:30' },
    { zone: 'Australia/Adelaide', inAt: '2026-10-04T20:00', outAt: '2026-10-05T00:15' },
    { zone: 'Asia/Kolkata', inAt: '2026-03-08T21:00', outAt: '2026-03-09T00:10' },
    { zone: 'Asia/Tokyo', inAt: '2026-12-31T22:00', outAt: '2027-01-01T01:00' },
  ])('$zone: in $inAt, out $outAt', ({ zone, inAt, outAt }) => {
    const decision = clockOut(zone, inAt, outAt)
    expect(decision.note).toBe('stamped')
    expect(decision.stamp).toEqual({ kind: 'CLOCK_OUT', workDate: inAt.slice(0, 10), sourceText: 'stamp=CLOCK_OUT' })
    expect(decision.content).toMatchObject({ text: `Yamada, Clock out recorded at ${outAt.slice(11)}.` })
  })

  it('refuses a clock-out when neither today nor yesterday is open', () => {
    const decision = clockOut('America/New_York', '2026-03-07T09:00', '2026-03-09T00:30')
    expect(decision).toMatchObject({ note: 'answered', stamp: null, content: { text: 'Yamada, you have not clocked in yet. Send "Clock in" first.' } })
  })
})

describe('events read with the callback schema', () => {
  it('uses messages and postbacks with a sender, and says why it ignores the rest', () => {
    const source = { userId: 'user-1', domainId: 1 }
    expect(readEvent(JSON.stringify({ type: 'message', source, content: { type: 'text', text: '出勤' } }))).toMatchObject({ userId: 'user-1', event: { type: 'message' } })
    expect(readEvent(JSON.stringify({ type: 'postback', source: { ...source, domainId: '1' }, data: 'stamp=CLOCK_IN' }))).toMatchObject({ userId: 'user-1' })
    expect(readEvent(JSON.stringify({ type: 'message', source, content: { type: 'sticker', packageId: '1', stickerId: '2' } }))).toMatchObject({ userId: 'user-1' })
    expect(readEvent('[1]')).toEqual({ ignored: 'The body is not a JSON object' })
    expect(readEvent(JSON.stringify({ type: 'join', source }))).toEqual({ ignored: 'Event type join is not used for attendance' })
    expect(readEvent(JSON.stringify({ type: 'message', source: { domainId: 1 }, content: { type: 'text', text: 'x' } }))).toEqual({ ignored: 'The event has no source.userId' })
    expect(readEvent(JSON.stringify({ type: 'message', source, content: { type: 'text', text: 7 } }))).toEqual({
      ignored: "The message event does not match LINE WORKS' format (content.text: Invalid input: expected string, received number)",
    })
    expect(readEvent(JSON.stringify({ type: 'postback', source }))).toEqual({ ignored: "The postback event does not match LINE WORKS' format (data: Invalid input: expected string, received undefined)" })
  })

  it('does not act on an event issued more than an hour before it arrived (a replay of an old callback)', () => {
    const source = { userId: 'user-1', domainId: 1 }
    const arrived = new Date('2026-12-07T10:00:00Z')
    const issued = (iso: string) => JSON.stringify({ type: 'message', source, issuedTime: iso, content: { type: 'text', text: '出勤' } })
    expect(readEvent(issued('2026-12-07T08:59:59.000Z'), arrived)).toEqual({
      ignored: 'The event was issued at 2026-12-07T08:59:59.000Z, more than an hour before it arrived (a replay)',
    })
    expect(readEvent(issued('2026-12-07T09:55:00.000Z'), arrived)).toMatchObject({ userId: 'user-1' })
    // A little ahead of our clock, without an issue time, or with one that is not a time: acted on.
    expect(readEvent(issued('2026-12-07T10:02:00.000Z'), arrived)).toMatchObject({ userId: 'user-1' })
    expect(readEvent(JSON.stringify({ type: 'message', source, content: { type: 'text', text: '出勤' } }), arrived)).toMatchObject({ userId: 'user-1' })
    expect(readEvent(issued('yesterday'), arrived)).toMatchObject({ userId: 'user-1' })
  })
})

describe('the name a reply calls the employee by', () => {
  const ask = (language: 'ja' | 'en', employee: { familyName: string; familyNameEn?: string | null }) =>
    decide({
      event: postback('stamp=TODAY'),
      receivedAt: new Date('2026-12-07T01:00:00Z'),
      timeZone: 'Asia/Tokyo',
      language,
      texts: replyTexts[language],
      words: new Map(),
      employee,
      day: () => [],
    }).content as { text: string }

  it('is the English family name in English replies, when the member has one', () => {
    expect(ask('en', { familyName: '佐藤', familyNameEn: 'Sato' }).text).toBe('Sato, no stamps yet today.')
    expect(ask('ja', { familyName: '佐藤', familyNameEn: 'Sato' }).text).toBe('佐藤さん、今日の打刻はまだありません。')
    // Without an English name, the name as registered.
    expect(ask('en', { familyName: '佐藤', familyNameEn: null }).text).toBe('佐藤, no stamps yet today.')
  })
})
