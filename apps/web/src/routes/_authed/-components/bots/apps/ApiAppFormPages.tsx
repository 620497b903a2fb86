import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../../graphql/access.ts';
import { readFragment } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { AppsBackLink } from '../BackLink.tsx';
import { FormPage } from '../shared/PageParts.tsx';
import { ApiAppNotFound } from './ApiAppDetailPage.tsx';
import { ApiAppForm } from './ApiAppForm.tsx';
import { ApiAppDetailQuery, ApiAppFragment } from './apiAppFragment.ts';
import './apiApps.css';

const editRoute = getRouteApi('/_authed/bots/apps/$appId/edit');

export function NewApiAppPage() {
  const { t } = useTranslation();
  const access = useAccess();
  if (access && !access.canView('bots')) return <NoAuthority title={t('apiApps.form.createTitle')} reason={t('apiApps.noAuthority')} />;
  return (
    <FormPage back={<AppsBackLink />} title={t('apiApps.form.createTitle')}>
      {access && !access.canEdit('bots') ? (
        <FormAlert tone="info">{t('apiApps.readOnly')}</FormAlert>
      ) : access ? (
        <ApiAppForm mode="create" />
      ) : (
        <PageLoading />
      )}
    </FormPage>
  );
}

export function EditApiAppPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { appId } = editRoute.useParams();
  const canView = access?.canView('bots') ?? false;
  const [{ data, error }] = useQuery({ query: ApiAppDetailQuery, variables: { id: appId }, pause: !canView });
  if (access && !canView) return <NoAuthority title={t('apiApps.form.editTitle')} reason={t('apiApps.noAuthority')} />;
  if (error?.networkError) {
    return (
      <FormPage back={<AppsBackLink />} title={t('apiApps.form.editTitle')}>
        <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
      </FormPage>
    );
  }
  if (!data && !error) return <PageLoading />;
  const node = data?.node;
  if (node?.__typename !== 'ApiApp') return <ApiAppNotFound />;
  const app = readFragment(ApiAppFragment, node);
  return (
    <FormPage back={<AppsBackLink />} title={t('apiApps.form.editTitle')}>
      {access?.canEdit('bots') ? <ApiAppForm key={app.id} mode="edit" app={app} /> : <FormAlert tone="info">{t('apiApps.readOnly')}</FormAlert>}
    </FormPage>
  );
}
