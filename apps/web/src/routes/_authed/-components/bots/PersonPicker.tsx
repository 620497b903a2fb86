import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { PlusIcon } from '../../../../components/icons.tsx';
import { graphql } from '../../../../graphql/graphql.ts';

/** A member as the pickers show it. */
export interface Person {
  id: string;
  name: string;
  loginId: string;
  suspended?: boolean;
}

const CandidatesQuery = graphql(`
  query BotPersonCandidates($query: String, $domainId: ID) {
    members(first: 8, query: $query, domainId: $domainId, status: ACTIVE) {
      edges {
        node {
          id
          loginId
          familyName
          givenName
        }
      }
    }
  }
`);

const SEARCH_DEBOUNCE_MS = 250;

interface PersonPickerProps {
  /** Names the group (legend), e.g. "Persons in charge". */
  label: string;
  /** The same, as it reads inside a sentence ("Search persons in charge"). */
  role: string;
  hint?: string | undefined;
  chosen: readonly Person[];
  onChange: (next: Person[]) => void;
  max: number;
  /** Only members of this domain. */
  domainId?: string | undefined;
  /** People chosen elsewhere (the other role), who cannot be chosen here, and how to say so. */
  taken?: { ids: ReadonlySet<string>; label: string } | undefined;
  error?: string | undefined;
  /** Searching needs members VIEW authority; without it the chosen people can only be removed. */
  canSearch: boolean;
}

/**
 * Chooses members by searching (name or login id): results are buttons that add, the chosen
 * people are chips with a remove button. Only active members are offered.
 */
export function PersonPicker({ label, role, hint, chosen, onChange, max, domainId, taken, error, canSearch }: PersonPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const [candidates] = useQuery({
    query: CandidatesQuery,
    variables: { query, domainId: domainId ?? null },
    pause: !canSearch || query === '',
    requestPolicy: 'cache-and-network',
  });
  const chosenIds = new Set(chosen.map((person) => person.id));
  const full = chosen.length >= max;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const results = query && candidates.data ? candidates.data.members.edges.map(({ node }) => node) : [];

  return (
    <fieldset className={error ? 'bots-picker field--invalid' : 'bots-picker'} aria-describedby={describedBy}>
      <legend className="field__label">{label}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {chosen.length > 0 ? (
        <ul className="bots-chips" aria-label={t('bots.people.chosen', { role })}>
          {chosen.map((person) => (
            <li key={person.id} className="bots-chip">
              <span className="bots-chip__text">
                <span className="bots-chip__name">{person.name}</span>
                <span className="bots-chip__login">{person.loginId}</span>
              </span>
              {person.suspended ? <span className="badge members-status members-status--suspended">{t('bots.people.suspended')}</span> : null}
              <button
                type="button"
                className="bots-chip__remove"
                aria-label={t('bots.people.remove', { name: person.name })}
                title={t('bots.people.remove', { name: person.name })}
                onClick={() => onChange(chosen.filter((other) => other.id !== person.id))}
              >
                <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6L6 18" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="bots-picker__none">{t('bots.people.noneChosen')}</p>
      )}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {!canSearch ? (
        <p className="bots-picker__note">{t('bots.people.needsMembers')}</p>
      ) : full ? (
        <p className="bots-picker__note">{t('bots.people.full', { max })}</p>
      ) : (
        <div className="bots-picker__search">
          <label className="visually-hidden" htmlFor={`${id}-search`}>
            {t('bots.people.search', { role })}
          </label>
          <input
            ref={searchRef}
            id={`${id}-search`}
            className="field__control"
            type="search"
            enterKeyHint="search"
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            placeholder={t('bots.people.searchPlaceholder')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            // Enter in the search box must not submit the surrounding form.
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.preventDefault();
            }}
          />
          {query ? (
            <ul className="bots-picker__results" aria-label={t('bots.people.search', { role })} aria-busy={candidates.fetching || undefined}>
              {!candidates.data ? (
                <li className="bots-picker__status">{t('bots.people.searching')}</li>
              ) : results.length === 0 ? (
                <li className="bots-picker__status">{t('bots.people.noResults')}</li>
              ) : (
                results.map((member) => {
                  const name = `${member.familyName} ${member.givenName}`.trim();
                  const isChosen = chosenIds.has(member.id);
                  const isTaken = taken?.ids.has(member.id) ?? false;
                  const state = isChosen
                    ? t('bots.people.alreadyChosen')
                    : isTaken && taken
                      ? taken.label
                      : undefined;
                  const who = `${name} (${member.loginId})`;
                  return (
                    <li key={member.id}>
                      <button
                        type="button"
                        className="bots-picker__result"
                        disabled={isChosen || isTaken}
                        aria-label={state ? `${who} — ${state}` : t('bots.people.add', { name: who })}
                        onClick={() => {
                          onChange([...chosen, { id: member.id, name, loginId: member.loginId }]);
                          // Ready for the next person: the search starts over, the keyboard stays in it.
                          setText('');
                          setQuery('');
                          searchRef.current?.focus();
                        }}
                      >
                        <PlusIcon />
                        <span className="bots-picker__person">
                          <span className="bots-picker__name">{name}</span>
                          <span className="bots-picker__login">{member.loginId}</span>
                        </span>
                        {state ? <span className="bots-picker__state">{state}</span> : null}
                      </button>
                    </li>
                  );
                })
              )}
            </ul>
          ) : null}
        </div>
      )}
    </fieldset>
  );
}
