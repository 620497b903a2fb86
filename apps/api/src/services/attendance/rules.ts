import type { StampKind } from '@worksbase/schema'

/**
 * The rules of one working day, free of any storage: what state a day's stamps leave it in, which
 * stamp may come next, and the day's timesheet. Stamps are always taken in time order.
 */

/** Where an employee's day stands. */
export type DayState = 'OFF' | 'WORKING' | 'ON_BREAK' | 'DONE'

export interface StampLike {
  kind: StampKind
  stampedAt: Date
}

/** Why a stamp is refused in the current state (the reply explains it and offers what is valid). */
export type Refusal =
  | 'ALREADY_CLOCKED_IN'
  | 'ALREADY_CLOCKED_OUT'
  | 'NOT_CLOCKED_IN'
  | 'ON_BREAK'
  | 'NOT_ON_BREAK'

const next: Record<DayState, Partial<Record<StampKind, DayState>>> = {
  OFF: { CLOCK_IN: 'WORKING' },
  WORKING: { BREAK_START: 'ON_BREAK', CLOCK_OUT: 'DONE' },
  ON_BREAK: { BREAK_END: 'WORKING' },
  DONE: {},
}

/** The state a day's stamps (in order) leave it in. Stamps that were invalid in sequence are skipped. */
export function dayState(stamps: readonly StampLike[]): DayState {
  let state: DayState = 'OFF'
  for (const stamp of stamps) state = next[state][stamp.kind] ?? state
  return state
}

/** The stamps that may come next: what the reply's quick-reply buttons offer. */
export function validNext(state: DayState): StampKind[] {
  return Object.keys(next[state]) as StampKind[]
}

/** Applies `kind` to `state`: the new state, or why it is refused. */
export function applyStamp(state: DayState, kind: StampKind): { ok: true; state: DayState } | { ok: false; refusal: Refusal } {
  const to = next[state][kind]
  if (to) return { ok: true, state: to }
  if (kind === 'CLOCK_IN') return { ok: false, refusal: state === 'DONE' ? 'ALREADY_CLOCKED_OUT' : 'ALREADY_CLOCKED_IN' }
  if (state === 'OFF') return { ok: false, refusal: 'NOT_CLOCKED_IN' }
  if (state === 'DONE') return { ok: false, refusal: 'ALREADY_CLOCKED_OUT' }
  if (state === 'ON_BREAK') return { ok: false, refusal: 'ON_BREAK' }
  return { ok: false, refusal: 'NOT_ON_BREAK' }
}

export type Anomaly = 'MISSING_CLOCK_OUT' | 'OPEN_BREAK' | 'OUT_OF_SEQUENCE'

export interface DaySheet {
  clockIn: Date | null
  clockOut: Date | null
  breakMinutes: number
  workedMinutes: number | null
  anomalies: Anomaly[]
}

const minutes = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000))

/**
 * A day's timesheet: first clock-in, last clock-out, break time and worked time (clock-in to
 * clock-out less breaks). `closed` says the day is over (a past day): then a missing clock-out or an
 * open break is an anomaly rather than work in progress.
 */
export function daySheet(stamps: readonly StampLike[], closed: boolean): DaySheet {
  const ordered = [...stamps].sort((a, b) => a.stampedAt.getTime() - b.stampedAt.getTime())
  const anomalies = new Set<Anomaly>()
  let state: DayState = 'OFF'
  let clockIn: Date | null = null
  let clockOut: Date | null = null
  let breakStart: Date | null = null
  let breakMinutes = 0
  for (const stamp of ordered) {
    const applied = applyStamp(state, stamp.kind)
    if (!applied.ok) {
      anomalies.add('OUT_OF_SEQUENCE')
      continue
    }
    state = applied.state
    if (stamp.kind === 'CLOCK_IN') clockIn ??= stamp.stampedAt
    if (stamp.kind === 'CLOCK_OUT') clockOut = stamp.stampedAt
    if (stamp.kind === 'BREAK_START') breakStart = stamp.stampedAt
    if (stamp.kind === 'BREAK_END' && breakStart) {
      breakMinutes += minutes(breakStart, stamp.stampedAt)
      breakStart = null
    }
  }
  if (closed && state === 'ON_BREAK') anomalies.add('OPEN_BREAK')
  if (closed && clockIn && !clockOut) anomalies.add('MISSING_CLOCK_OUT')
  const workedMinutes = clockIn && clockOut ? Math.max(0, minutes(clockIn, clockOut) - breakMinutes) : null
  return { clockIn, clockOut, breakMinutes, workedMinutes, anomalies: [...anomalies] }
}
