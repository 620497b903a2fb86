import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useMediaQuery, wideLayoutQuery } from '../../../../lib/useMediaQuery.ts';
import { AttendanceLayout } from './AttendanceLayout.tsx';
import { DayDialog } from './DayDialog.tsx';
import { downloadFile } from './download.ts';
import { type Employee, employeeName } from './EmployeeList.tsx';
import { EmployeePicker, useEmployee } from './EmployeePicker.tsx';
import { currentMonth, dayLabel, hoursMinutes, isWeekend, monthLabel, shiftMonth, timeOfDay, today, weekday } from './time.ts';

export const TimesheetTenantQuery = graphql(`
  query AttendanceTimesheetTenant {
    viewer {
      tenant {
        id
        timeZone
      }
    }
    attendanceFilters {
      orgUnits {
        id
        name
      }
    }
  }
`);

export const TimesheetQuery = graphql(`
  query AttendanceTimesheet($memberId: ID!, $month: String!) {
    attendanceTimesheet(memberId: $memberId, month: $month) {
      month
      timeZone
      workedMinutes
      breakMinutes
      workedDays
      anomalyDays
      days {
        date
        clockIn
        clockOut
        breakMinutes
        workedMinutes
        anomalies
        stamps {
          id
          kind
          stampedAt
          workDate
          sourceText
          voided
          createdBy
          reason
          replacesId
        }
      }
    }
  }
`);

export type Timesheet = ResultOf<typeof TimesheetQuery>['attendanceTimesheet'];
export type TimesheetDay = Timesheet['days'][number];

const route = getRouteApi('/_authed/attendance/timesheets');

/** /attendance/timesheets: an employee's month, its days and corrections, and the month's export. */
export function TimesheetsPage() {
  const { t } = useTranslation();
  return (
    <AttendanceLayout title={t('attendance.tabs.timesheets')} intro={t('attendance.timesheets.intro')}>
      {(canEdit) => <Timesheets canEdit={canEdit} />}
    </AttendanceLayout>
  );
}

function Timesheets({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [{ data, error }] = useQuery({ query: TimesheetTenantQuery });
  const { employee, loading, missing } = useEmployee(search.employee);

  if (!data) return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  const timeZone = data.viewer?.tenant.timeZone ?? 'UTC';
  const month = search.month ?? currentMonth(timeZone);
  const setMonth = (next: string) => void navigate({ search: (previous) => ({ ...previous, month: next }) });

  return (
    <>
      {employee ? (
        <div className="card attendance-selected">
          <div className="attendance-selected__who">
            <span className="field__label">{t('attendance.timesheets.employee')}</span>
            <span className="attendance-selected__name">{employeeName(employee)}</span>
            <span className="attendance-picker__meta">
              {employee.loginId}
              {employee.orgUnitName ? ` · ${employee.orgUnitName}` : ''}
            </span>
          </div>
          <button type="button" className="button button--secondary button--small" onClick={() => void navigate({ search: (previous) => ({ ...previous, employee: undefined }) })}>
            {t('attendance.timesheets.change')}
          </button>
        </div>
      ) : loading ? (
        <PageLoading />
      ) : (
        <>
          {missing ? <FormAlert tone="info">{t('attendance.timesheets.noMatches')}</FormAlert> : null}
          <EmployeePicker onPick={(picked) => void navigate({ search: (previous) => ({ ...previous, employee: picked.id }) })} />
        </>
      )}

      <MonthSwitcher month={month} timeZone={timeZone} onChange={setMonth} />
      <p className="attendance-muted">{t('attendance.timesheets.timeZoneNote', { timeZone })}</p>

      {employee ? (
        <MonthSheet employee={employee} month={month} timeZone={timeZone} canEdit={canEdit} />
      ) : (
        <p className="page__empty">{t('attendance.timesheets.chooseEmployee')}</p>
      )}

      <MonthExport month={month} orgUnits={data.attendanceFilters.orgUnits} />
    </>
  );
}

function MonthSwitcher({ month, timeZone, onChange }: { month: string; timeZone: string; onChange: (month: string) => void }) {
  const { t, i18n } = useTranslation();
  const now = currentMonth(timeZone);
  return (
    <div className="attendance-month">
      <button type="button" className="button button--secondary attendance-month__step" onClick={() => onChange(shiftMonth(month, -1))}>
        <span aria-hidden="true">‹</span>
        <span className="visually-hidden">{t('attendance.timesheets.previousMonth')}</span>
      </button>
      <h2 className="attendance-month__label" aria-live="polite">
        {monthLabel(month, i18n.resolvedLanguage)}
      </h2>
      <button type="button" className="button button--secondary attendance-month__step" onClick={() => onChange(shiftMonth(month, 1))}>
        <span aria-hidden="true">›</span>
        <span className="visually-hidden">{t('attendance.timesheets.nextMonth')}</span>
      </button>
      {month === now ? null : (
        <button type="button" className="button button--ghost button--small" onClick={() => onChange(now)}>
          {t('attendance.timesheets.thisMonth')}
        </button>
      )}
    </div>
  );
}

function MonthSheet({ employee, month, timeZone, canEdit }: { employee: Employee; month: string; timeZone: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const wide = useMediaQuery(wideLayoutQuery);
  const [{ data, error }, refetch] = useQuery({ query: TimesheetQuery, variables: { memberId: employee.id, month } });
  const [openDate, setOpenDate] = useState<string>();
  if (!data) return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  const sheet = data.attendanceTimesheet;
  const zone = sheet.timeZone || timeZone;
  const language = i18n.resolvedLanguage;
  const days = [...sheet.days].sort((a, b) => a.date.localeCompare(b.date));
  const now = today(zone);
  const addDate = now.startsWith(month) ? now : `${month}-01`;
  const time = (instant: string | null) => (instant ? timeOfDay(instant, zone) : '—');
  const anomalyBadges = (day: TimesheetDay) =>
    day.anomalies.map((anomaly) => (
      <span key={anomaly} className="badge badge--warning">
        {anomaly in anomalyText ? t(anomalyText[anomaly as keyof typeof anomalyText]) : anomaly}
      </span>
    ));

  return (
    <>
      <section className="attendance-totals" aria-label={t('attendance.timesheets.totals')}>
        <dl>
          <div>
            <dt>{t('attendance.timesheets.workedTime')}</dt>
            <dd>{hoursMinutes(sheet.workedMinutes)}</dd>
          </div>
          <div>
            <dt>{t('attendance.timesheets.breakTime')}</dt>
            <dd>{hoursMinutes(sheet.breakMinutes)}</dd>
          </div>
          <div>
            <dt>{t('attendance.timesheets.workedDays')}</dt>
            <dd>{t('attendance.timesheets.daysUnit', { count: sheet.workedDays })}</dd>
          </div>
          <div data-warning={sheet.anomalyDays > 0 ? '' : undefined}>
            <dt>{t('attendance.timesheets.anomalyDays')}</dt>
            <dd>{t('attendance.timesheets.daysUnit', { count: sheet.anomalyDays })}</dd>
          </div>
        </dl>
      </section>

      {canEdit ? (
        <div className="attendance-actions">
          <button type="button" className="button button--secondary" onClick={() => setOpenDate(addDate)}>
            {t('attendance.timesheets.addStamp')}
          </button>
        </div>
      ) : null}

      {days.every((day) => day.stamps.length === 0) ? <p className="attendance-muted">{t('attendance.timesheets.noDays')}</p> : null}
      {wide ? (
        <table className="members-table attendance-sheet">
          <thead>
            <tr>
              <th scope="col">{t('attendance.timesheets.date')}</th>
              <th scope="col">{t('attendance.timesheets.clockIn')}</th>
              <th scope="col">{t('attendance.timesheets.clockOut')}</th>
              <th scope="col">{t('attendance.timesheets.break')}</th>
              <th scope="col">{t('attendance.timesheets.worked')}</th>
              <th scope="col">{t('attendance.timesheets.anomalies')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => {
              const empty = day.stamps.length === 0;
              return (
                <tr key={day.date} className={`members-table__row ${calendarClass(day.date, now, empty)}`} data-date={day.date} aria-current={day.date === now ? 'date' : undefined}>
                  <th scope="row" className="attendance-sheet__date">
                    <DayName date={day.date} now={now} onOpen={setOpenDate} />
                  </th>
                  <td className="attendance-sheet__time">{empty ? '' : time(day.clockIn)}</td>
                  <td className="attendance-sheet__time">{empty ? '' : time(day.clockOut)}</td>
                  <td className="attendance-sheet__time">{empty ? '' : hoursMinutes(day.breakMinutes)}</td>
                  <td className="attendance-sheet__time">{empty ? '' : day.workedMinutes === null ? '—' : hoursMinutes(day.workedMinutes)}</td>
                  <td>
                    <span className="attendance-badges">{anomalyBadges(day)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <ul className="attendance-day-cards">
          {days.map((day) =>
            day.stamps.length === 0 ? (
              <li key={day.date} data-date={day.date} className={calendarClass(day.date, now, true)} aria-current={day.date === now ? 'date' : undefined}>
                <DayName date={day.date} now={now} onOpen={setOpenDate} card />
              </li>
            ) : (
              <li key={day.date} data-date={day.date} className={calendarClass(day.date, now, false)} aria-current={day.date === now ? 'date' : undefined}>
                <button type="button" className="attendance-day-card" onClick={() => setOpenDate(day.date)}>
                  <span className="attendance-day-card__date">
                    {dayLabel(day.date, language)}
                    <DayTags date={day.date} now={now} />
                  </span>
                  <span className="attendance-day-card__times">
                    <span>
                      <span className="attendance-day-card__label">{t('attendance.timesheets.clockIn')}</span> {time(day.clockIn)}
                    </span>
                    <span>
                      <span className="attendance-day-card__label">{t('attendance.timesheets.clockOut')}</span> {time(day.clockOut)}
                    </span>
                    <span>
                      <span className="attendance-day-card__label">{t('attendance.timesheets.break')}</span> {hoursMinutes(day.breakMinutes)}
                    </span>
                    <span>
                      <span className="attendance-day-card__label">{t('attendance.timesheets.worked')}</span>{' '}
                      {day.workedMinutes === null ? '—' : hoursMinutes(day.workedMinutes)}
                    </span>
                  </span>
                  {day.anomalies.length > 0 ? <span className="attendance-badges">{anomalyBadges(day)}</span> : null}
                  <OpenHint />
                </button>
              </li>
            ),
          )}
        </ul>
      )}

      <DayDialog
        date={openDate}
        day={days.find((day) => day.date === openDate)}
        memberId={employee.id}
        timeZone={zone}
        canEdit={canEdit}
        onClose={() => setOpenDate(undefined)}
        // A correction changes the day's sheet and the totals, which only the server computes.
        onCorrected={() => refetch({ requestPolicy: 'network-only' })}
      />
    </>
  );
}

/** A calendar day's look: weekend, today, future (dimmed) and without stamps. */
function calendarClass(date: string, now: string, empty: boolean): string {
  return [
    'attendance-calendar-day',
    isWeekend(date) ? `attendance-calendar-day--${weekday(date) === 0 ? 'sunday' : 'saturday'}` : '',
    date === now ? 'attendance-calendar-day--today' : '',
    date > now ? 'attendance-calendar-day--future' : '',
    empty ? 'attendance-calendar-day--empty' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** "Today" and "Weekend" beside a date: the first shown, the second for screen readers (colour shows it). */
function DayTags({ date, now }: { date: string; now: string }) {
  const { t } = useTranslation();
  return (
    <>
      {isWeekend(date) ? <span className="visually-hidden"> ({t('attendance.timesheets.weekend')})</span> : null}
      {date === now ? <span className="badge attendance-today-badge">{t('attendance.timesheets.today')}</span> : null}
    </>
  );
}

/** What a day's button does, for screen readers: its name starts with what is seen (WCAG 2.5.3). */
function OpenHint() {
  const { t } = useTranslation();
  return <span className="visually-hidden"> ({t('attendance.timesheets.openHint')})</span>;
}

/**
 * A day's date: a button that opens the day (its stamps, or adding one) up to today; later days
 * cannot have stamps yet, so they are plain text.
 */
function DayName({ date, now, onOpen, card = false }: { date: string; now: string; onOpen: (date: string) => void; card?: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const label = (
    <>
      {dayLabel(date, language)}
      <DayTags date={date} now={now} />
    </>
  );
  if (date > now) return <span className={card ? 'attendance-day-card attendance-day-card--empty' : 'attendance-day-name'}>{label}</span>;
  return (
    <button
      type="button"
      className={card ? 'attendance-day-card attendance-day-card--empty' : 'attendance-day-link'}
      onClick={() => onOpen(date)}
    >
      {label}
      <OpenHint />
    </button>
  );
}

const anomalyText = {
  MISSING_CLOCK_OUT: 'attendance.timesheets.anomalyLabels.MISSING_CLOCK_OUT',
  OPEN_BREAK: 'attendance.timesheets.anomalyLabels.OPEN_BREAK',
  OUT_OF_SEQUENCE: 'attendance.timesheets.anomalyLabels.OUT_OF_SEQUENCE',
} as const;

function MonthExport({ month, orgUnits }: { month: string; orgUnits: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const [orgUnitId, setOrgUnitId] = useState('');
  const [running, setRunning] = useState<'csv' | 'xlsx'>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();

  async function run(format: 'csv' | 'xlsx') {
    setRunning(format);
    setDone(undefined);
    setError(undefined);
    const params = new URLSearchParams({ month });
    if (orgUnitId) params.set('orgUnitId', orgUnitId);
    const result = await downloadFile(`/api/attendance/timesheets.${format}?${params.toString()}`, `timesheets-${month}.${format}`);
    setRunning(undefined);
    if (result.ok) setDone(result.fileName);
    else setError(result.reason === 'network' ? t('errors.network') : result.reason === 'unexpected' ? t('errors.unexpected') : t(`errors.codes.${result.reason}`));
  }

  return (
    <section className="card attendance-export" aria-labelledby="attendance-export-title">
      <h2 id="attendance-export-title" className="attendance-section-title">
        {t('attendance.timesheets.export.title')}
      </h2>
      <p className="attendance-muted">{t('attendance.timesheets.export.intro')}</p>
      <SelectField
        label={t('attendance.timesheets.export.department')}
        value={orgUnitId}
        options={[{ value: '', label: t('attendance.timesheets.export.allDepartments') }, ...orgUnits.map((unit) => ({ value: unit.id, label: unit.name }))]}
        onChange={(event) => setOrgUnitId(event.target.value)}
      />
      <div className="attendance-actions">
        <button type="button" className="button button--secondary" disabled={running !== undefined} onClick={() => void run('csv')}>
          {running === 'csv' ? t('attendance.timesheets.export.running') : t('attendance.timesheets.export.csv')}
        </button>
        <button type="button" className="button button--secondary" disabled={running !== undefined} onClick={() => void run('xlsx')}>
          {running === 'xlsx' ? t('attendance.timesheets.export.running') : t('attendance.timesheets.export.xlsx')}
        </button>
      </div>
      <p className="attendance-muted" aria-live="polite">
        {done ? t('attendance.timesheets.export.done', { file: done }) : null}
      </p>
      {error ? <FormAlert>{error}</FormAlert> : null}
    </section>
  );
}
