import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCanEditMembers } from './authority.ts';
import { MemberFilters } from './MemberFilters.tsx';
import { MemberList } from './MemberList.tsx';
import { activeFilterCount, type MembersSearch, membersFilter } from './search.ts';

const route = getRouteApi('/_authed/members/');

/** Typing pauses this long before the URL (and so the list) follows the search box. */
const SEARCH_DEBOUNCE_MS = 300;

export function MembersPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canEdit = useCanEditMembers();
  const filter = membersFilter(search);
  const filtered = activeFilterCount(search) > 0 || Boolean(filter.query);

  function updateSearch(patch: Partial<MembersSearch>, replace = false) {
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace });
  }

  return (
    <section className="page members-page" aria-labelledby="page-title">
      <div className="members-header">
        <h1 id="page-title" className="page__title">
          {t('nav.members')}
        </h1>
        {canEdit ? (
          <div className="members-header__actions">
            <Link to="/members/new" className="button button--primary">
              {t('members.list.create')}
            </Link>
            <Link to="/members/import" search={{}} className="button button--secondary">
              {t('members.list.import')}
            </Link>
          </div>
        ) : null}
      </div>

      <div className="members-toolbar">
        <SearchBox value={search.q ?? ''} onSearch={(q) => updateSearch({ q: q || undefined }, true)} />
        <MemberFilters search={search} onChange={(patch) => updateSearch(patch)} />
      </div>

      <MemberList
        key={JSON.stringify(filter)}
        filter={filter}
        empty={
          filtered ? (
            <div className="page__empty members-empty">
              <p>{t('members.list.noResults')}</p>
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  updateSearch({
                    q: undefined,
                    domainId: undefined,
                    orgUnitId: undefined,
                    employmentTypeId: undefined,
                    status: undefined,
                  })
                }
              >
                {t('members.list.clearAll')}
              </button>
            </div>
          ) : (
            <div className="page__empty members-empty">
              <p>{t('members.list.empty')}</p>
              {canEdit ? (
                <div className="members-empty__actions">
                  <Link to="/members/new" className="button button--primary">
                    {t('members.list.create')}
                  </Link>
                  <Link to="/members/import" search={{}} className="button button--secondary">
                    {t('members.list.import')}
                  </Link>
                </div>
              ) : null}
            </div>
          )
        }
      />
    </section>
  );
}

/**
 * The search box keeps its own text and hands it on after a pause in typing (or at once on Enter).
 * A change of the URL from elsewhere (back button, "clear") is copied back into the box.
 */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const onSearchRef = useRef(onSearch);

  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearchRef.current(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text === sent.current) return;
    sent.current = text;
    onSearch(text);
  }

  return (
    <search>
      <form className="members-search" onSubmit={handleSubmit}>
        <label className="visually-hidden" htmlFor={id}>
          {t('members.list.searchLabel')}
        </label>
        <svg className="members-search__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="6.5" />
          <path d="M16 16l4.5 4.5" />
        </svg>
        <input
          id={id}
          className="field__control members-search__input"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder={t('members.list.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </form>
    </search>
  );
}
