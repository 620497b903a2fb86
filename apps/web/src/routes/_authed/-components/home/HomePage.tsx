import './home.css';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { CheckIcon, ChevronIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';

export const HomeQuery = graphql(`
  query Home {
    home {
      members {
        total
        suspended
        importsToApply
        importsRunning
      }
      bots {
        total
        actionRequired
        preparing
      }
      external {
        failed
        retry
        pending
      }
      attendance {
        enabled
        date
        employees
        working
        onBreak
        finished
        notYet
        openFromYesterday
      }
      audit {
        last24Hours
      }
    }
  }
`);

type Home = ResultOf<typeof HomeQuery>['home'];

/**
 * The admin's start page, phone first: what needs attention (each item links to where it is fixed),
 * then today's attendance as one bar, then the size of each area. Areas the admin may not view are
 * absent (the API leaves them out).
 */
export function HomePage() {
  const { t } = useTranslation();
  // Counts move all day: refetched on every visit rather than taken from the cache.
  const [{ data, error }] = useQuery({ query: HomeQuery, requestPolicy: 'cache-and-network' });
  if (!data) return error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : <PageLoading />;
  const home = data.home;
  return (
    <section className="page home" aria-labelledby="page-title">
      <h1 id="page-title" className="page__title">
        {t('home.title')}
      </h1>
      <Attention home={home} />
      {home.attendance ? <AttendanceToday attendance={home.attendance} /> : null}
      <Figures home={home} />
    </section>
  );
}

interface AttentionItem {
  key: string;
  text: string;
  link: ReactNode;
}

function Attention({ home }: { home: Home }) {
  const { t } = useTranslation();
  const items: AttentionItem[] = [];
  const link = (to: '/bots' | '/external' | '/members/import' | '/attendance/timesheets' | '/attendance', label: string) => (
    <Link to={to} className="home-attention__link">
      {label}
      <ChevronIcon />
    </Link>
  );
  if (home.bots && home.bots.actionRequired > 0) {
    items.push({ key: 'bots', text: t('home.attention.bots', { count: home.bots.actionRequired }), link: link('/bots', t('home.attention.toBots')) });
  }
  const external = home.external;
  if (external && external.failed + external.retry > 0) {
    items.push({
      key: 'external',
      text: t('home.attention.external', { count: external.failed + external.retry }),
      link: link('/external', t('home.attention.toExternal')),
    });
  }
  if (home.members && home.members.importsToApply > 0) {
    items.push({
      key: 'imports',
      text: t('home.attention.imports', { count: home.members.importsToApply }),
      link: link('/members/import', t('home.attention.toImports')),
    });
  }
  if (home.attendance?.enabled && home.attendance.openFromYesterday > 0) {
    items.push({
      key: 'open',
      text: t('home.attention.openYesterday', { count: home.attendance.openFromYesterday }),
      link: link('/attendance/timesheets', t('home.attention.toTimesheets')),
    });
  }
  return (
    <section className="card home-card" aria-labelledby="home-attention">
      <h2 id="home-attention" className="home-card__title">
        {t('home.attention.title')}
      </h2>
      {items.length === 0 ? (
        <p className="home-attention__clear">
          <CheckIcon />
          {t('home.attention.none')}
        </p>
      ) : (
        <ul className="home-attention">
          {items.map((item) => (
            <li key={item.key} className="home-attention__item">
              <span>{item.text}</span>
              {item.link}
            </li>
          ))}
        </ul>
      )}
      {home.members && home.members.importsRunning > 0 ? (
        <p className="home-card__note" role="status">
          {t('home.attention.importsRunning', { count: home.members.importsRunning })}
        </p>
      ) : null}
    </section>
  );
}

const segments = ['working', 'onBreak', 'finished', 'notYet'] as const;

function AttendanceToday({ attendance }: { attendance: NonNullable<Home['attendance']> }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.resolvedLanguage, { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${attendance.date}T00:00:00Z`),
  );
  const total = attendance.employees;
  return (
    <section className="card home-card" aria-labelledby="home-attendance">
      <h2 id="home-attendance" className="home-card__title">
        {t('home.attendance.title', { date })}
      </h2>
      {!attendance.enabled ? (
        <p className="home-card__note">
          {t('home.attendance.off')} <Link to="/attendance">{t('home.attendance.setUp')}</Link>
        </p>
      ) : total === 0 ? (
        <p className="home-card__note">
          {t('home.attendance.noEmployees')} <Link to="/attendance/employees">{t('home.attendance.toEmployees')}</Link>
        </p>
      ) : (
        <>
          {/* One bar, a segment per state: the shares at a glance; the legend has the numbers. */}
          <div className="home-bar" role="img" aria-label={segments.map((key) => `${t(`home.attendance.${key}`)} ${attendance[key]}`).join(', ')}>
            {segments.map((key) =>
              attendance[key] > 0 ? <span key={key} className={`home-bar__part home-bar__part--${key}`} style={{ flexGrow: attendance[key] }} /> : null,
            )}
          </div>
          <ul className="home-legend">
            {segments.map((key) => (
              <li key={key} className="home-legend__item">
                <span className={`home-legend__swatch home-bar__part--${key}`} aria-hidden="true" />
                <span className="home-legend__label">{t(`home.attendance.${key}`)}</span>
                <span className="home-legend__value">{attendance[key]}</span>
              </li>
            ))}
          </ul>
          <p className="home-card__note">
            {t('home.attendance.employees', { count: total })} <Link to="/attendance/timesheets">{t('home.attendance.toTimesheets')}</Link>
          </p>
        </>
      )}
    </section>
  );
}

function Figures({ home }: { home: Home }) {
  const { t } = useTranslation();
  const figures: { key: string; to: '/members' | '/bots' | '/audit'; label: string; value: number; detail?: string }[] = [];
  if (home.members) {
    figures.push({
      key: 'members',
      to: '/members',
      label: t('nav.members'),
      value: home.members.total,
      ...(home.members.suspended > 0 && { detail: t('home.figures.suspended', { count: home.members.suspended }) }),
    });
  }
  if (home.bots) {
    figures.push({
      key: 'bots',
      to: '/bots',
      label: t('nav.bots'),
      value: home.bots.total,
      ...(home.bots.preparing > 0 && { detail: t('home.figures.preparing', { count: home.bots.preparing }) }),
    });
  }
  if (home.audit) figures.push({ key: 'audit', to: '/audit', label: t('home.figures.audit'), value: home.audit.last24Hours });
  if (figures.length === 0) return null;
  return (
    <ul className="home-figures" aria-label={t('home.figures.label')}>
      {figures.map((figure) => (
        <li key={figure.key}>
          <Link to={figure.to} className="card home-figure">
            <span className="home-figure__label">{figure.label}</span>
            <span className="home-figure__value">{figure.value.toLocaleString()}</span>
            {figure.detail ? <span className="home-figure__detail">{figure.detail}</span> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}
