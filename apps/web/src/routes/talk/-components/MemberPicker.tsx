import type { ResultOf } from 'gql.tada';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { type TalkPersonFields, TalkDirectoryQuery } from './documents.ts';

export type TalkPerson = ResultOf<typeof TalkPersonFields>;

/** Typing pauses this long before the directory is asked. */
const SEARCH_DEBOUNCE_MS = 250;

export function personName(person: { familyName: string; givenName: string }): string {
  return `${person.familyName} ${person.givenName}`.trim();
}

interface MemberPickerProps {
  label: string;
  chosen: TalkPerson[];
  onChange: (chosen: TalkPerson[]) => void;
  /** Members who cannot be chosen (already in the talk). */
  exclude?: ReadonlySet<string>;
  error?: string | undefined;
}

/**
 * Chooses members from the tenant's directory: a search box that asks the directory as the member
 * types, the matches as buttons, and the chosen members as removable chips.
 */
export function MemberPicker({ label, chosen, onChange, exclude, error }: MemberPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const [{ data, fetching }] = useQuery({ query: TalkDirectoryQuery, variables: { query }, pause: query === '' });
  const chosenIds = new Set(chosen.map((person) => person.id));
  const matches = query === '' ? [] : (data?.talkDirectory ?? []).filter((person) => !chosenIds.has(person.id) && !exclude?.has(person.id));
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');

  function choose(person: TalkPerson) {
    onChange([...chosen, person]);
    setText('');
    setQuery('');
    inputRef.current?.focus();
  }

  return (
    <div className={error ? 'field field--invalid talk-picker' : 'field talk-picker'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {chosen.length > 0 ? (
        <ul className="talk-chips" aria-label={t('talk.groups.picker.chosen')}>
          {chosen.map((person) => (
            <li key={person.id} className="talk-chip">
              <span className="talk-chip__name">{personName(person)}</span>
              <button
                type="button"
                className="talk-chip__remove"
                aria-label={t('talk.groups.picker.remove', { name: personName(person) })}
                onClick={() => onChange(chosen.filter((other) => other.id !== person.id))}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        ref={inputRef}
        id={id}
        className="field__control"
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        placeholder={t('talk.groups.picker.placeholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        // Enter picks the only match rather than submitting the form around the picker.
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
          event.preventDefault();
          const [only] = matches;
          if (matches.length === 1 && only) choose(only);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <p className="visually-hidden" id={`${id}-hint`}>
        {t('talk.groups.picker.search')}
      </p>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {query !== '' ? (
        <div className="talk-picker__results" aria-live="polite">
          {fetching && !data ? <p className="talk-picker__note">{t('talk.groups.picker.searching')}</p> : null}
          {data && matches.length === 0 ? <p className="talk-picker__note">{t('talk.groups.picker.noMatches')}</p> : null}
          {matches.length > 0 ? (
            <ul className="talk-picker__list" aria-label={t('talk.groups.picker.results')}>
              {matches.map((person) => (
                <li key={person.id}>
                  <button
                    type="button"
                    className="talk-picker__option"
                    aria-label={t('talk.groups.picker.add', { name: personName(person) })}
                    onClick={() => choose(person)}
                  >
                    <span className="talk-picker__name">{personName(person)}</span>
                    <span className="talk-picker__login">{person.loginId}</span>
                    <span className="talk-picker__plus" aria-hidden="true">
                      +
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
