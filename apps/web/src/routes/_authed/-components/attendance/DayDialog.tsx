import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { attendanceError, isAttendanceErrorCode } from './errors.ts';
import { TextAreaField } from './TextAreaField.tsx';
import type { TimesheetDay } from './TimesheetsPage.tsx';
import { dayLabel, instantOf, localInputValue, timeOfDay, today } from './time.ts';

const CorrectStampMutation = graphql(
  `
    mutation CorrectAttendanceStamp($input: MutationCorrectAttendanceStampInput!) {
      correctAttendanceStamp(input: $input) {
        __typename
        ... on MutationCorrectAttendanceStampSuccess {
          stamp {
            id
            voided
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

type Stamp = TimesheetDay['stamps'][number];
type StampKind = Stamp['kind'];
type Correction = { action: 'ADD' } | { action: 'REPLACE' | 'VOID'; stamp: Stamp };

const stampKinds: readonly StampKind[] = ['CLOCK_IN', 'BREAK_START', 'BREAK_END', 'CLOCK_OUT'];

interface DayDialogProps {
  /** The day shown; undefined closes the dialog. */
  date: string | undefined;
  day: TimesheetDay | undefined;
  memberId: string;
  timeZone: string;
  canEdit: boolean;
  onClose: () => void;
  onCorrected: () => void;
}

/**
 * A day's stamps, voided ones included (struck through) with who corrected them and why, and the
 * corrections: add a stamp, replace one, void one, each with a reason.
 */
export function DayDialog({ date, day, memberId, timeZone, canEdit, onClose, onCorrected }: DayDialogProps) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [correction, setCorrection] = useState<Correction>();
  const [notice, setNotice] = useState<string>();
  const open = date !== undefined;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (!open) {
      setCorrection(undefined);
      setNotice(undefined);
    }
  }, [open]);

  const stamps = [...(day?.stamps ?? [])].sort((a, b) => a.stampedAt.localeCompare(b.stampedAt));
  const language = i18n.resolvedLanguage;

  return (
    <dialog
      ref={ref}
      className="attendance-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {date ? (
        <>
          <div className="attendance-dialog__head">
            <h2 id={`${id}-title`} className="attendance-dialog__title">
              {t('attendance.timesheets.day.title', { date: dayLabel(date, language, 'long') })}
            </h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('attendance.timesheets.day.close')}>
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M6 6l12 12M18 6L6 18" />
              </svg>
            </button>
          </div>
          <p className="attendance-muted">{t('attendance.timesheets.timeZoneNote', { timeZone })}</p>
          <div aria-live="polite">{notice ? <FormAlert tone="info">{notice}</FormAlert> : null}</div>

          <h3 className="attendance-subtitle">{t('attendance.timesheets.day.stamps')}</h3>
          {stamps.length === 0 ? (
            <p className="attendance-muted">{t('attendance.timesheets.day.none')}</p>
          ) : (
            <ol className="attendance-stamps">
              {stamps.map((stamp) => {
                const kind = t(`attendance.stampKinds.${stamp.kind}`);
                const time = timeOfDay(stamp.stampedAt, timeZone);
                return (
                  <li key={stamp.id} className={stamp.voided ? 'attendance-stamp attendance-stamp--voided' : 'attendance-stamp'}>
                    <div className="attendance-stamp__main">
                      <span className="attendance-stamp__what">
                        {stamp.voided ? <del>{`${kind} ${time}`}</del> : <span>{`${kind} ${time}`}</span>}
                      </span>
                      {stamp.voided ? <span className="badge badge--neutral">{t('attendance.timesheets.day.voided')}</span> : null}
                      {stamp.replacesId ? <span className="badge badge--warning">{t('attendance.timesheets.day.replaces')}</span> : null}
                    </div>
                    <p className="attendance-stamp__meta">
                      {stamp.createdBy === 'bot' || !stamp.createdBy
                        ? t('attendance.timesheets.day.byBot')
                        : t('attendance.timesheets.day.byAdmin', { admin: stamp.createdBy })}
                      {stamp.sourceText ? ` · ${sourceWords(t, stamp.sourceText)}` : null}
                    </p>
                    {stamp.reason ? <p className="attendance-stamp__reason">{t('attendance.timesheets.day.reason', { reason: stamp.reason })}</p> : null}
                    {canEdit && !stamp.voided ? (
                      <fieldset className="attendance-stamp__actions">
                        <legend className="visually-hidden">{t('attendance.timesheets.day.actions', { kind, time })}</legend>
                        <button type="button" className="button button--secondary button--small" onClick={() => setCorrection({ action: 'REPLACE', stamp })}>
                          {t('attendance.timesheets.day.replace')}
                        </button>
                        <button type="button" className="button button--danger-outline button--small" onClick={() => setCorrection({ action: 'VOID', stamp })}>
                          {t('attendance.timesheets.day.void')}
                        </button>
                      </fieldset>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )}

          {canEdit ? (
            correction ? (
              <CorrectionForm
                key={correction.action === 'ADD' ? 'add' : `${correction.action}:${correction.stamp.id}`}
                correction={correction}
                date={date}
                memberId={memberId}
                timeZone={timeZone}
                onCancel={() => setCorrection(undefined)}
                onDone={() => {
                  setCorrection(undefined);
                  setNotice(t('attendance.timesheets.correction.done'));
                  onCorrected();
                }}
              />
            ) : (
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  setNotice(undefined);
                  setCorrection({ action: 'ADD' });
                }}
              >
                {t('attendance.timesheets.addStamp')}
              </button>
            )
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}

interface CorrectionFormProps {
  correction: Correction;
  date: string;
  memberId: string;
  timeZone: string;
  onCancel: () => void;
  onDone: () => void;
}

function CorrectionForm({ correction, date, memberId, timeZone, onCancel, onDone }: CorrectionFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [{ fetching }, correct] = useMutation(CorrectStampMutation);
  const [kind, setKind] = useState<StampKind>(correction.action === 'ADD' ? 'CLOCK_OUT' : correction.stamp.kind);
  const [at, setAt] = useState(() =>
    correction.action === 'ADD'
      ? date === today(timeZone)
        ? localInputValue(new Date(), timeZone)
        : `${date}T18:00`
      : localInputValue(new Date(correction.stamp.stampedAt), timeZone),
  );
  const [reason, setReason] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const formRef = useRef<HTMLFormElement>(null);
  // The form opens below the day's history, which can be long: bring it into view and to the
  // keyboard, or "Replace" only seems to highlight a button.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    form.scrollIntoView({ block: 'nearest' });
    form.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  }, []);
  const needsTime = correction.action !== 'VOID';
  const title =
    correction.action === 'ADD'
      ? t('attendance.timesheets.correction.addTitle')
      : correction.action === 'REPLACE'
        ? t('attendance.timesheets.correction.replaceTitle')
        : t('attendance.timesheets.correction.voidTitle');

  function messageFor(name: string, value: string): string | undefined {
    const error = fieldErrors.get(name);
    if (!error) return undefined;
    if (!isAttendanceErrorCode(t, error.code)) return fieldErrorMessage(t, error, value);
    const context =
      name === 'reason'
        ? { required: t('attendance.timesheets.correction.reasonRequired'), too_big: t('attendance.timesheets.correction.reasonTooLong') }
        : name === 'at'
          ? { required: t('attendance.timesheets.correction.atRequired') }
          : {};
    return attendanceError(t, error, context);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const instant = needsTime ? instantOf(at, timeZone) : undefined;
    const local = new Map<string, FieldErrorLike>();
    if (needsTime && !instant) local.set('at', { path: ['at'], code: 'required', message: 'Required' });
    // The server refuses it too; said here without a round trip.
    if (correction.action === 'REPLACE' && instant && kind === correction.stamp.kind && localInputValue(instant, timeZone) === localInputValue(new Date(correction.stamp.stampedAt), timeZone)) {
      local.set('at', { path: ['at'], code: 'unchanged', message: 'Unchanged' });
    }
    if (reason.trim() === '') local.set('reason', { path: ['reason'], code: 'required', message: 'Required' });
    setFieldErrors(local);
    if (local.size > 0) return;
    const result = await correct({
      input: {
        memberId,
        action: correction.action,
        stampId: correction.action === 'ADD' ? null : correction.stamp.id,
        kind: needsTime ? kind : null,
        at: instant ? instant.toISOString() : null,
        reason,
      },
    });
    const settled = settle(t, result.data?.correctAttendanceStamp ?? undefined, result.error);
    if (settled.ok) {
      onDone();
      return;
    }
    setFieldErrors(settled.fieldErrors);
    setFormError(settled.message);
  }

  return (
    <form
      ref={formRef}
      className="form attendance-correction"
      onSubmit={(event) => void handleSubmit(event)}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} className="attendance-subtitle" tabIndex={-1}>
        {title}
      </h3>
      {correction.action === 'ADD' ? null : (
        <p className="attendance-muted">
          {t('attendance.timesheets.correction.target', {
            kind: t(`attendance.stampKinds.${correction.stamp.kind}`),
            time: timeOfDay(correction.stamp.stampedAt, timeZone),
          })}
        </p>
      )}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      {needsTime ? (
        <>
          <SelectField
            label={t('attendance.timesheets.correction.kind')}
            value={kind}
            options={stampKinds.map((value) => ({ value, label: t(`attendance.stampKinds.${value}`) }))}
            onChange={(event) => {
              const value = stampKinds.find((candidate) => candidate === event.target.value);
              if (value) setKind(value);
            }}
            error={messageFor('kind', kind)}
          />
          <TextField
            label={t('attendance.timesheets.correction.at')}
            hint={t('attendance.timesheets.correction.atHint', { timeZone })}
            type="datetime-local"
            value={at}
            onChange={(event) => setAt(event.target.value)}
            error={messageFor('at', at)}
          />
        </>
      ) : null}
      <TextAreaField
        label={t('attendance.timesheets.correction.reason')}
        hint={t('attendance.timesheets.correction.reasonHint')}
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={messageFor('reason', reason)}
      />
      {fieldErrors.get('stampId') ? <FormAlert>{messageFor('stampId', '')}</FormAlert> : null}
      <div className="attendance-actions">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={fetching}>
          {t('attendance.timesheets.correction.cancel')}
        </button>
        <button type="submit" className={correction.action === 'VOID' ? 'button button--danger' : 'button button--primary'} disabled={fetching}>
          {fetching
            ? t('attendance.timesheets.correction.submitting')
            : correction.action === 'ADD'
              ? t('attendance.timesheets.correction.submitAdd')
              : correction.action === 'REPLACE'
                ? t('attendance.timesheets.correction.submitReplace')
                : t('attendance.timesheets.correction.submitVoid')}
        </button>
      </div>
    </form>
  );
}

const tappedButton = /^stamp=(CLOCK_IN|CLOCK_OUT|BREAK_START|BREAK_END)$/;

/**
 * What the employee sent for a stamp, in words: a tapped quick-reply button arrives as its postback
 * data (stamp=BREAK_START), which is shown as the button it was, not as the internal code.
 */
function sourceWords(t: TFunction, text: string): string {
  const tapped = tappedButton.exec(text)?.[1] as 'CLOCK_IN' | 'CLOCK_OUT' | 'BREAK_START' | 'BREAK_END' | undefined;
  if (tapped) return t('attendance.timesheets.day.tapped', { label: t(`attendance.stampKinds.${tapped}`) });
  return t('attendance.timesheets.day.wrote', { text });
}
