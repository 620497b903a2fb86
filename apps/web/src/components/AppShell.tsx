import { Link, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ViewerAuthoritiesFragment } from '../graphql/authorities.ts';
import { type FragmentOf, readFragment } from '../graphql/graphql.ts';
import { AppShellViewerFragment } from './AppShell.fragment.ts';
import { MoreIcon, SettingsIcon } from './icons.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LogoutButton } from './LogoutButton.tsx';
import { allowedEntries, primaryNav, secondaryNav } from './navigation.tsx';

export { AppShellViewerFragment };

interface AppShellProps {
  viewer: FragmentOf<typeof AppShellViewerFragment>;
  children: ReactNode;
}

/** Phone: header + bottom navigation. From 640 px: header + left sidebar (see styles.css). */
export function AppShell({ viewer, children }: AppShellProps) {
  const { t } = useTranslation();
  const shown = readFragment(AppShellViewerFragment, viewer);
  const { admin, tenant } = shown;
  const { authorities } = readFragment(ViewerAuthoritiesFragment, shown);
  const primary = allowedEntries(primaryNav, authorities);
  const secondary = allowedEntries(secondaryNav, authorities);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const inMore =
    pathname === '/more' || pathname.startsWith('/settings') || secondaryNav.some((entry) => pathname.startsWith(entry.to));

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell__header">
        <div className="shell__tenant">
          <span className="shell__app-name">{t('app.name')}</span>
          <span className="shell__tenant-name">
            <span className="visually-hidden">{t('shell.tenant')}: </span>
            {tenant.name}
          </span>
          {tenant.isDemo ? (
            <span className="badge badge--demo" title={t('shell.demoBadgeDescription')}>
              {t('shell.demoBadge')}
              <span className="visually-hidden"> ({t('shell.demoBadgeDescription')})</span>
            </span>
          ) : null}
        </div>
        <div className="shell__actions">
          <span className="shell__admin">{t('shell.signedInAs', { name: admin.name })}</span>
          <LanguageSwitch />
          <LogoutButton />
        </div>
      </header>

      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul className="sidebar__list">
          {[...primary, ...secondary].map((entry) => (
            <li key={entry.to}>
              <Link to={entry.to} className="sidebar__link" activeOptions={{ exact: entry.to === '/' }}>
                {entry.icon}
                <span>{t(entry.label)}</span>
              </Link>
            </li>
          ))}
        </ul>
        {admin.role === 'MASTER' ? (
          <div className="sidebar__footer">
            <Link to="/settings" className="sidebar__link">
              <SettingsIcon />
              <span>{t('settings.title')}</span>
            </Link>
          </div>
        ) : null}
      </nav>

      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>

      <nav className="bottom-nav" aria-label={t('nav.label')}>
        <ul className="bottom-nav__list">
          {primary.map((entry) => (
            <li key={entry.to}>
              <Link to={entry.to} className="bottom-nav__link" activeOptions={{ exact: entry.to === '/' }}>
                {entry.icon}
                <span>{t(entry.label)}</span>
              </Link>
            </li>
          ))}
          <li>
            <Link
              to="/more"
              className="bottom-nav__link"
              data-status={inMore ? 'active' : undefined}
              aria-current={inMore ? 'page' : undefined}
            >
              <MoreIcon />
              <span>{t('nav.more')}</span>
            </Link>
          </li>
        </ul>
      </nav>
    </div>
  );
}
