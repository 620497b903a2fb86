import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { useAccess, useIsDemoTenant } from '../../../../graphql/access.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { SectionCard, SectionCardFragment } from './SectionCard.tsx';

export const ExternalDomainsQuery = graphql(`
  query ExternalDomains {
    externalDomains {
      id
      name
      displayName
    }
  }
`);

export const ExternalSettingsQuery = graphql(
  `
    query ExternalSettings($domainId: ID!) {
      externalSettings(domainId: $domainId) {
        id
        ...SectionCard_setting
      }
      externalLinkCountsLine: externalLinkCounts(kind: LINE, domainId: $domainId) {
        total
      }
      externalLinkCountsWorks: externalLinkCounts(kind: WORKS, domainId: $domainId) {
        total
      }
    }
  `,
  [SectionCardFragment],
);

const route = getRouteApi('/_authed/external/');

/** External messaging: the two sections of a domain, each with its use status and rules. */
export function ExternalPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [domains] = useQuery({ query: ExternalDomainsQuery, pause: !access?.canView('external') });
  const domainList = domains.data?.externalDomains ?? [];
  const domain = domainList.find((candidate) => candidate.id === search.domainId) ?? domainList[0];
  const [settings] = useQuery({ query: ExternalSettingsQuery, variables: { domainId: domain?.id ?? '' }, pause: !domain });

  if (access && !access.canView('external')) return <NoAuthority title={t('external.title')} reason={t('external.noAuthority')} />;
  const error = domains.error ?? settings.error;
  const canEdit = access?.canEdit('external') ?? false;
  const isDemo = useIsDemoTenant();

  return (
    <section className="page external-page" aria-labelledby="page-title">
      <header className="external-header">
        <div>
          <h1 id="page-title" className="page__title">
            {t('external.title')}
          </h1>
          <p className="external-header__intro">{t('external.intro')}</p>
          {access && !canEdit ? <p className="external-header__readonly">{t('external.readOnly')}</p> : null}
        </div>
        {isDemo ? (
          <Link to="/external/simulator" className="button button--secondary external-header__simulator">
            {t('external.simulator')}
          </Link>
        ) : null}
      </header>
      {domainList.length > 1 && domain ? (
        <div className="external-domain">
          <SelectField
            label={t('external.domain')}
            value={domain.id}
            options={domainList.map((candidate) => ({ value: candidate.id, label: `${candidate.displayName} (@${candidate.name})` }))}
            onChange={(event) => void navigate({ search: { domainId: event.target.value } })}
          />
        </div>
      ) : null}
      {error && !settings.data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {settings.data && domain ? (
        <div className="external-sections">
          {settings.data.externalSettings.map((setting, index) => (
            <SectionCard
              key={setting.id}
              setting={setting}
              domain={domain}
              canEdit={canEdit}
              connected={(index === 0 ? settings.data?.externalLinkCountsLine : settings.data?.externalLinkCountsWorks)?.total ?? 0}
            />
          ))}
        </div>
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}
