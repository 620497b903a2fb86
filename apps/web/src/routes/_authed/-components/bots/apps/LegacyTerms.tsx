import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../tokens/CopyButton.tsx';

const terms = [
  ['apiId', 'apiIdAfter'],
  ['consumerKey', 'consumerKeyAfter'],
  ['serverList', 'serverListAfter'],
  ['tokenExpiry', 'tokenExpiryAfter'],
] as const;

/**
 * For integrators moving from LINE WORKS: what the older console's items are called here, and the
 * two base URLs to change (this server's origin in place of auth.worksmobile.com and worksapis.com).
 */
export function LegacyTerms() {
  const { t } = useTranslation();
  const id = useId();
  const origin = window.location.origin;
  const endpoints = [
    { name: t('apiApps.legacy.tokenEndpoint'), url: `${origin}/oauth2/v2.0/token` },
    { name: t('apiApps.legacy.botApiBase'), url: `${origin}/v1.0` },
  ];
  return (
    <section className="api-apps-legacy" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="api-apps-legacy__title">
        {t('apiApps.legacy.title')}
      </h2>
      <p className="api-apps-legacy__intro">{t('apiApps.legacy.intro')}</p>
      <dl className="api-apps-legacy__terms">
        {terms.map(([before, after]) => (
          <div key={before} className="api-apps-legacy__term">
            <dt>{t(`apiApps.legacy.${before}`)}</dt>
            <dd>
              <span className="api-apps-legacy__arrow" aria-hidden="true">
                →
              </span>
              {t(`apiApps.legacy.${after}`)}
            </dd>
          </div>
        ))}
      </dl>
      <h3 className="api-apps-legacy__subtitle">{t('apiApps.legacy.endpoints')}</h3>
      <p className="api-apps-legacy__intro">{t('apiApps.legacy.endpointsIntro')}</p>
      <dl className="api-apps-legacy__endpoints">
        {endpoints.map((endpoint) => (
          <div key={endpoint.url} className="api-apps-legacy__endpoint">
            <dt>{endpoint.name}</dt>
            <dd>
              <code className="api-apps-value">{endpoint.url}</code>
              <CopyButton text={endpoint.url} label={t('apiApps.legacy.copyUrl', { name: endpoint.name })} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
