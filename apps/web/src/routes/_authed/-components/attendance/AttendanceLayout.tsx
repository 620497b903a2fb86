import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import './attendance.css';

const tabs = [
  { to: '/attendance', label: 'attendance.tabs.overview' },
  { to: '/attendance/employees', label: 'attendance.tabs.employees' },
  { to: '/attendance/wording', label: 'attendance.tabs.wording' },
  { to: '/attendance/timesheets', label: 'attendance.tabs.timesheets' },
] as const;

interface AttendanceLayoutProps {
  title: string;
  intro: string;
  /** Rendered only for admins who may view attendance; `canEdit` says whether they may change it. */
  children: (canEdit: boolean) => ReactNode;
}

/** Every attendance page: the authority check, its heading and the tabs between the pages. */
export function AttendanceLayout({ title, intro, children }: AttendanceLayoutProps) {
  const { t } = useTranslation();
  const access = useAccess();
  if (!access) return <PageLoading />;
  if (!access.canView('attendance')) return <NoAuthority title={t('attendance.title')} reason={t('attendance.noAuthority')} />;
  const canEdit = access.canEdit('attendance');
  return (
    <section className="page attendance-page" aria-labelledby="page-title">
      <header className="attendance-header">
        {title === t('nav.attendance') ? null : <p className="attendance-header__eyebrow">{t('nav.attendance')}</p>}
        <h1 id="page-title" className="page__title">
          {title}
        </h1>
        <p className="attendance-header__intro">{intro}</p>
        {canEdit ? null : <p className="attendance-header__readonly">{t('attendance.readOnly')}</p>}
      </header>
      <nav className="attendance-tabs" aria-label={t('attendance.tabs.label')}>
        <ul className="attendance-tabs__list">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <Link
                to={tab.to}
                className="attendance-tabs__link"
                activeOptions={{ exact: true, includeSearch: false }}
                activeProps={{ 'aria-current': 'page' }}
              >
                {t(tab.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children(canEdit)}
    </section>
  );
}
