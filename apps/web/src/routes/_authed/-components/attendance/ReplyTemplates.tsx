import { isTemplateKey } from '@worksbase/schema';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage, type FieldErrorLike } from '../../../../i18n/errors.ts';
import { attendanceError } from './errors.ts';
import { TextAreaField } from './TextAreaField.tsx';

const TemplatesQuery = graphql(`
  query AttendanceTemplates($language: AttendanceTemplateLanguage!) {
    attendanceTemplates(language: $language) {
      key
      language
      text
      defaultText
      custom
      placeholders
    }
  }
`);

const SetTemplateMutation = graphql(
  `
    mutation SetAttendanceTemplate($input: MutationSetAttendanceTemplateInput!) {
      setAttendanceTemplate(input: $input) {
        __typename
        ... on MutationSetAttendanceTemplateSuccess {
          template {
            key
            language
            text
            defaultText
            custom
            placeholders
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

type Template = ResultOf<typeof TemplatesQuery>['attendanceTemplates'][number];
type Language = 'ja' | 'en';

const languages: readonly Language[] = ['ja', 'en'];

/** The bot's reply texts, one tab per language. */
export function ReplyTemplates({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [language, setLanguage] = useState<Language>(i18n.resolvedLanguage === 'en' ? 'en' : 'ja');
  const tabRefs = useRef<Partial<Record<Language, HTMLButtonElement | null>>>({});

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = language === 'ja' ? 'en' : 'ja';
    setLanguage(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <section className="attendance-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="attendance-section-title">
        {t('attendance.wording.templatesTitle')}
      </h2>
      <p className="attendance-muted">{t('attendance.wording.templatesIntro')}</p>
      <div className="attendance-lang-tabs" role="tablist" aria-label={t('attendance.wording.languageTabs')}>
        {languages.map((value) => (
          <button
            key={value}
            ref={(element) => {
              tabRefs.current[value] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${value}`}
            className="members-tab"
            aria-selected={language === value}
            aria-controls={`${id}-panel`}
            tabIndex={language === value ? 0 : -1}
            lang={value}
            onClick={() => setLanguage(value)}
            onKeyDown={handleKeyDown}
          >
            {t(`attendance.wording.languages.${value}`)}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${language}`}>
        <TemplateList key={language} language={language} canEdit={canEdit} />
      </div>
    </section>
  );
}

function TemplateList({ language, canEdit }: { language: Language; canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: TemplatesQuery, variables: { language } });
  if (!data) return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  return (
    <ul className="attendance-templates">
      {data.attendanceTemplates.map((template) => (
        <li key={template.key}>
          <TemplateEditor
            template={template}
            language={language}
            canEdit={canEdit}
            // Templates have no id: the list is read again to show what was saved.
            onSaved={() => refetch({ requestPolicy: 'network-only' })}
          />
        </li>
      ))}
    </ul>
  );
}

type Status = { kind: 'idle' } | { kind: 'busy'; restoring: boolean } | { kind: 'done'; restored: boolean } | { kind: 'error'; message: string; field: boolean };

function TemplateEditor({ template, language, canEdit, onSaved }: { template: Template; language: Language; canEdit: boolean; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [value, setValue] = useState(template.text);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [, save] = useMutation(SetTemplateMutation);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const label = isTemplateKey(template.key) ? t(`attendance.wording.keys.${template.key}`) : template.key;
  // The sample values speak the template's language, whatever the page's.
  const sampleT = i18n.getFixedT(language);
  const samples: Record<string, string> = {
    name: sampleT('attendance.wording.sample.name'),
    time: sampleT('attendance.wording.sample.time'),
    stamp: sampleT('attendance.wording.sample.stamp'),
    stamps: sampleT('attendance.wording.sample.stamps'),
  };
  const preview = value.replace(/\{(\w+)\}/g, (whole, name: string) => samples[name] ?? whole);

  // A refetch after saving brings the stored text; it replaces the field unless it is being edited.
  const synced = useRef(template.text);
  useEffect(() => {
    if (template.text === synced.current) return;
    synced.current = template.text;
    setValue(template.text);
  }, [template.text]);

  function insert(placeholder: string) {
    const element = textRef.current;
    const token = `{${placeholder}}`;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    setValue(value.slice(0, start) + token + value.slice(end));
    setStatus({ kind: 'idle' });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function submit(text: string | null) {
    setStatus({ kind: 'busy', restoring: text === null });
    const result = await save({ input: { language, key: template.key, text } });
    const settled = settle(t, result.data?.setAttendanceTemplate, result.error);
    if (!settled.ok) {
      const field = settled.fieldErrors.get('text');
      setStatus({ kind: 'error', message: field ? textErrorMessage(field) : settled.message, field: Boolean(field) });
      return;
    }
    synced.current = settled.data.template.text;
    setValue(settled.data.template.text);
    setStatus({ kind: 'done', restored: text === null });
    onSaved();
  }

  function textErrorMessage(error: FieldErrorLike): string {
    // Which placeholder the API refused, found the way it reads them.
    const unknown = [...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').find((name) => !template.placeholders.includes(name));
    return attendanceError(t, error, {
      too_big: t('attendance.wording.textTooLong'),
      required: t('attendance.wording.textRequired'),
      ...(unknown !== undefined && {
        unknown_placeholder: t('attendance.wording.unknownPlaceholder', {
          placeholder: `{${unknown}}`,
          allowed: template.placeholders.map((name) => `{${name}}`).join(' ') || t('attendance.wording.none'),
        }),
      }),
    });
  }

  const busy = status.kind === 'busy';
  const changed = value !== template.text;

  return (
    <article className="card attendance-template" aria-labelledby={`${id}-title`}>
      <div className="attendance-template__head">
        <h3 id={`${id}-title`} className="attendance-subtitle">
          {label}
        </h3>
        <span className={template.custom ? 'badge badge--warning' : 'badge badge--neutral'}>
          {template.custom ? t('attendance.wording.custom') : t('attendance.wording.default')}
        </span>
      </div>
      {canEdit ? (
        <>
          <TextAreaField
            ref={textRef}
            label={label}
            className="attendance-template__field"
            rows={3}
            lang={language}
            value={value}
            maxLength={1000}
            onChange={(event) => {
              setValue(event.target.value);
              setStatus({ kind: 'idle' });
            }}
            error={status.kind === 'error' && status.field ? status.message : undefined}
          />
          <div className="attendance-placeholders">
            <span className="field__hint">{template.placeholders.length > 0 ? t('attendance.wording.placeholders') : t('attendance.wording.noPlaceholders')}</span>
            {template.placeholders.length > 0 ? (
              <ul className="attendance-chips">
                {template.placeholders.map((name) => (
                  <li key={name}>
                    <button
                      type="button"
                      className="attendance-chip attendance-chip--button"
                      aria-label={t('attendance.wording.insert', { placeholder: `{${name}}` })}
                      onClick={() => insert(name)}
                    >
                      {`{${name}}`}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </>
      ) : null}
      <div className="attendance-preview">
        <span className="attendance-preview__label">{t('attendance.wording.preview')}</span>
        <p className="attendance-preview__bubble" lang={language}>
          {preview}
        </p>
      </div>
      {status.kind === 'error' && !status.field ? <FormAlert>{status.message}</FormAlert> : null}
      {canEdit ? (
        <div className="attendance-actions">
          <button type="button" className="button button--primary button--small" disabled={busy || !changed} onClick={() => void submit(value)}>
            {busy && !status.restoring ? t('attendance.wording.saving') : t('attendance.wording.save')}
          </button>
          <button type="button" className="button button--secondary button--small" disabled={busy || !template.custom} onClick={() => void submit(null)}>
            {busy && status.restoring ? t('attendance.wording.restoring') : t('attendance.wording.restore')}
          </button>
          <span className="attendance-muted" role="status">
            {status.kind === 'done' ? (status.restored ? t('attendance.wording.restored') : t('attendance.wording.saved')) : ''}
          </span>
        </div>
      ) : null}
    </article>
  );
}
