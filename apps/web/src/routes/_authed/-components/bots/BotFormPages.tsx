import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { readFragment } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { BackLink } from './BackLink.tsx';
import { BotDetailQuery, BotNotFound } from './BotDetailPage.tsx';
import { BotForm } from './BotForm.tsx';
import { BotDetailFragment } from './botFragment.ts';
import { BotPhotoPicker } from './BotPhotoPicker.tsx';
import { BotQuotaQuery } from './BotsPage.tsx';
import { quotaLevel } from './QuotaMeter.tsx';
import { FormPage } from './shared/PageParts.tsx';

const editRoute = getRouteApi('/_authed/bots/$botId/edit');

export function NewBotPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [quota] = useQuery({ query: BotQuotaQuery, pause: !access?.canEdit('bots') });
  if (access && !access.canView('bots')) return <NoAuthority title={t('bots.form.createTitle')} reason={t('bots.noAuthority')} />;
  const usage = quota.data?.botQuota;
  return (
    <FormPage back={<BackLink />} title={t('bots.form.createTitle')}>
      {access && !access.canEdit('bots') ? (
        <FormAlert tone="info">{t('bots.readOnly')}</FormAlert>
      ) : usage && quotaLevel(usage.used, usage.limit) === 'full' ? (
        <FormAlert tone="info">{t('bots.quota.full', { limit: usage.limit })}</FormAlert>
      ) : access ? (
        <BotForm mode="create" />
      ) : (
        <PageLoading />
      )}
    </FormPage>
  );
}

export function EditBotPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { botId } = editRoute.useParams();
  const canView = access?.canView('bots') ?? false;
  const [{ data, error }] = useQuery({ query: BotDetailQuery, variables: { id: botId }, pause: !canView });
  if (access && !canView) return <NoAuthority title={t('bots.form.editTitle')} reason={t('bots.noAuthority')} />;
  if (error?.networkError) {
    return (
      <FormPage back={<BackLink />} title={t('bots.form.editTitle')}>
        <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
      </FormPage>
    );
  }
  if (!data && !error) return <PageLoading />;
  const node = data?.node;
  if (node?.__typename !== 'Bot') return <BotNotFound />;
  const bot = readFragment(BotDetailFragment, node);
  const canEdit = access?.canEdit('bots') ?? false;
  return (
    <FormPage back={<BackLink />} title={t('bots.form.editTitle')} before={canEdit ? <BotPhotoPicker key={bot.id} bot={bot} /> : undefined}>
      {canEdit ? <BotForm key={bot.id} mode="edit" bot={bot} /> : <FormAlert tone="info">{t('bots.readOnly')}</FormAlert>}
    </FormPage>
  );
}
