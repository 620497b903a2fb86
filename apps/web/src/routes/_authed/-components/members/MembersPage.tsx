import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { SearchBox } from '../../../../components/SearchBox.tsx';
import { useCanEditMembers } from './authority.ts';
import { MemberFilters } from './MemberFilters.tsx';
import { MemberList } from './MemberList.tsx';
import { activeFilterCount, type MembersSearch, membersFilter } from './search.ts';

const route = getRouteApi('/_authed/members/');

export function MembersPage() {
  const { t, i18n } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canEdit = useCanEditMembers();
  const filter = membersFilter(search, i18n.resolvedLanguage);
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
        <SearchBox
          label={t('members.list.searchLabel')}
          placeholder={t('members.list.searchPlaceholder')}
          value={search.q ?? ''}
          onSearch={(q) => updateSearch({ q: q || undefined }, true)}
        />
        <MemberFilters search={search} order={filter.orderBy} onChange={(patch) => updateSearch(patch)} />
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
