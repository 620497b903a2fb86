import { normalizeWord } from '@worksbase/schema'
import { describe, expect, it } from 'vitest'
import { localDate, localTime } from './calendar.ts'
import { applyStamp, daySheet, dayState, validNext } from './rules.ts'

const at = (time: string) => new Date(`2026-11-20T${time}:00+09:00`)

describe('stamp words', () => {
  it('match ignoring case, full and half width, and surrounding spaces', () => {
    expect(normalizeWord('  Clock In ')).toBe('clock in')
    expect(normalizeWord('ＣＬＯＣＫ　ＩＮ')).toBe('clock in')
    expect(normalizeWord('clock   in')).toBe('clock in')
    expect(normalizeWord('　出勤　')).toBe('出勤')
    expect(normalizeWord('ｼｭｯｷﾝ')).toBe('シュッキン')
    expect(normalizeWord('出勤')).not.toBe(normalizeWord('退勤'))
  })
})

describe('a working day', () => {
  it('allows in → break → back → out, and offers what is valid next', () => {
    expect(validNext('OFF')).toEqual(['CLOCK_IN'])
    expect(validNext('WORKING')).toEqual(['BREAK_START', 'CLOCK_OUT'])
    expect(validNext('ON_BREAK')).toEqual(['BREAK_END'])
    expect(validNext('DONE')).toEqual([])
    expect(dayState([{ kind: 'CLOCK_IN', stampedAt: at('09:00') }, { kind: 'BREAK_START', stampedAt: at('12:00') }])).toBe('ON_BREAK')
  })

  it('refuses illegal sequences with the reason', () => {
    expect(applyStamp('OFF', 'CLOCK_OUT')).toEqual({ ok: false, refusal: 'NOT_CLOCKED_IN' })
    expect(applyStamp('WORKING', 'CLOCK_IN')).toEqual({ ok: false, refusal: 'ALREADY_CLOCKED_IN' })
    expect(applyStamp('DONE', 'CLOCK_IN')).toEqual({ ok: false, refusal: 'ALREADY_CLOCKED_OUT' })
    expect(applyStamp('ON_BREAK', 'CLOCK_OUT')).toEqual({ ok: false, refusal: 'ON_BREAK' })
    expect(applyStamp('WORKING', 'BREAK_END')).toEqual({ ok: false, refusal: 'NOT_ON_BREAK' })
    expect(applyStamp('OFF', 'BREAK_START')).toEqual({ ok: false, refusal: 'NOT_CLOCKED_IN' })
  })

  it('computes the timesheet: first in, last out, breaks and worked minutes', () => {
    const sheet = daySheet(
      [
        { kind: 'CLOCK_OUT', stampedAt: at('18:05') },
        { kind: 'CLOCK_IN', stampedAt: at('09:02') },
        { kind: 'BREAK_START', stampedAt: at('12:00') },
        { kind: 'BREAK_END', stampedAt: at('12:45') },
        { kind: 'BREAK_START', stampedAt: at('15:00') },
        { kind: 'BREAK_END', stampedAt: at('15:10') },
      ],
      true,
    )
    expect(sheet).toEqual({ clockIn: at('09:02'), clockOut: at('18:05'), breakMinutes: 55, workedMinutes: 488, anomalies: [] })
  })

  it('flags a missing clock-out and an open break on a closed day, but not on today', () => {
    const stamps = [
      { kind: 'CLOCK_IN' as const, stampedAt: at('09:00') },
      { kind: 'BREAK_START' as const, stampedAt: at('12:00') },
    ]
    expect(daySheet(stamps, true).anomalies).toEqual(['OPEN_BREAK', 'MISSING_CLOCK_OUT'])
    expect(daySheet(stamps, false)).toMatchObject({ anomalies: [], workedMinutes: null })
    expect(daySheet([{ kind: 'CLOCK_OUT', stampedAt: at('18:00') }], true).anomalies).toEqual(['OUT_OF_SEQUENCE'])
  })

  it('reads dates and times in the tenant’s time zone', () => {
    const instant = new Date('2026-11-20T23:30:00Z')
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-11-21')
    expect(localTime(instant, 'Asia/Tokyo')).toBe('08:30')
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-11-20')
  })
})
