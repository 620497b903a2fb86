import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditList } from './AuditList.tsx';
import { AuditTools } from './AuditTools.tsx';
import { type AuditSearch, definedFilters } from './search.ts';

/** The tamper-evident change history: filter it (kept in the URL), check the chain, export it. */
export function AuditPage({ search }: { search: AuditSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  if (!access) return <PageLoading />;
  if (!access.canView('audit')) return <NoAuthority title={t('nav.audit')} reason={t('audit.noAuthority')} />;

  // A new search starts over: a fresh draft in the form and a new list with its own pages.
  const searchKey = JSON.stringify(definedFilters(search));
  return (
    <section className="page audit" aria-labelledby="page-title">
      <header className="audit__header">
        <div>
          <h1 id="page-title" className="page__title">
            {t('nav.audit')}
          </h1>
          <p className="audit__intro">{t('audit.intro')}</p>
        </div>
        <AuditTools search={search} />
      </header>
      <div key={searchKey} className="audit__layout">
        <AuditFilters search={search} onSearch={(next) => void navigate({ to: '/audit', search: definedFilters(next) })} />
        <AuditList search={search} />
      </div>
    </section>
  );
}
