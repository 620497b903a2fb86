import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { areaLabel } from './labels.ts';
import { type AuditArea, type AuditSearch, auditAreas, definedFilters, fromLocalInput, toLocalInput } from './search.ts';

interface AuditFiltersProps {
  search: AuditSearch;
  onSearch: (search: AuditSearch) => void;
}

function isArea(value: string): value is AuditArea {
  return auditAreas.some((area) => area === value);
}

/** Edits a draft; the URL (and so the list) changes only on "Search", so each keystroke does not query. */
export function AuditFilters({ search, onSearch }: AuditFiltersProps) {
  const { t } = useTranslation();
  const id = useId();
  const [actor, setActor] = useState(search.actor ?? '');
  const [area, setArea] = useState<string>(search.area ?? '');
  const [target, setTarget] = useState(search.target ?? '');
  const [content, setContent] = useState(search.text ?? '');
  const [from, setFrom] = useState(toLocalInput(search.from));
  const [to, setTo] = useState(toLocalInput(search.to));
  const [rangeError, setRangeError] = useState<string>();
  const activeCount = Object.keys(definedFilters(search)).length;
  // Phones start folded unless a filter is set; from 960 px the form is always shown (styles.css).
  const [open, setOpen] = useState(activeCount > 0);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to, true);
    if (fromIso && toIso && fromIso > toIso) {
      setRangeError(t('audit.filters.rangeError'));
      return;
    }
    setRangeError(undefined);
    onSearch({
      actor: actor.trim() || undefined,
      area: isArea(area) ? area : undefined,
      target: target.trim() || undefined,
      text: content.trim() || undefined,
      from: fromIso,
      to: toIso,
    });
  }

  function clear() {
    setActor('');
    setArea('');
    setTarget('');
    setContent('');
    setFrom('');
    setTo('');
    setRangeError(undefined);
    onSearch({});
  }

  return (
    <search className="audit-filters" data-open={open} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('audit.filters.title')}
      </h2>
      <button
        type="button"
        className="button button--secondary button--block audit-filters__toggle"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen((value) => !value)}
      >
        {activeCount > 0 ? t('audit.filters.toggleActive', { count: activeCount }) : t('audit.filters.toggle')}
      </button>
      <form id={`${id}-form`} className="audit-filters__form" onSubmit={handleSubmit} noValidate>
        <TextField
          label={t('audit.filters.actor')}
          hint={t('audit.filters.actorHint')}
          name="actor"
          type="search"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
          value={actor}
          onChange={(event) => setActor(event.target.value)}
        />
        <SelectField
          label={t('audit.filters.area')}
          name="area"
          value={area}
          options={[{ value: '', label: t('audit.filters.allAreas') }, ...auditAreas.map((value) => ({ value, label: areaLabel(t, value) }))]}
          onChange={(event) => setArea(event.target.value)}
        />
        <TextField
          label={t('audit.filters.target')}
          hint={t('audit.filters.targetHint')}
          name="target"
          type="search"
          spellCheck={false}
          maxLength={200}
          value={target}
          onChange={(event) => setTarget(event.target.value)}
        />
        <TextField
          label={t('audit.filters.text')}
          hint={t('audit.filters.textHint')}
          name="text"
          type="search"
          spellCheck={false}
          maxLength={200}
          value={content}
          onChange={(event) => setContent(event.target.value)}
        />
        <TextField
          label={t('audit.filters.from')}
          name="from"
          type="datetime-local"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
        <TextField
          label={t('audit.filters.to')}
          name="to"
          type="datetime-local"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          error={rangeError}
        />
        <div className="audit-filters__footer">
          <p className="audit-filters__zone">
            {t('audit.filters.timeZoneNote', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
          </p>
          <div className="audit-filters__actions">
            <button type="button" className="button button--ghost" onClick={clear}>
              {t('audit.filters.clear')}
            </button>
            <button type="submit" className="button button--primary">
              {t('audit.filters.submit')}
            </button>
          </div>
        </div>
      </form>
    </search>
  );
}
