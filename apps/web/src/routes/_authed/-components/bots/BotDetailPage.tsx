import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useDateTimeFormat } from '../members/useDateTimeFormat.ts';
import { BackLink } from './BackLink.tsx';
import { BotAvatar } from './BotAvatar.tsx';
import { BotCredentials } from './BotCredentials.tsx';
import { BotDeliveries } from './BotDeliveries.tsx';
import { BotDomains } from './BotDomains.tsx';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';
import { BotStatusBadge } from './BotStatusBadge.tsx';
import { ConfirmButton } from './shared/ConfirmButton.tsx';
import { Fact, FactsCard } from './shared/DetailCard.tsx';
import { TitledPage } from './shared/PageParts.tsx';

export const BotDetailQuery = graphql(
  `
    query BotDetail($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Bot {
          ...BotDetail_bot
        }
      }
    }
  `,
  [BotDetailFragment],
);

const DeleteBotMutation = graphql(
  `
    mutation DeleteBot($input: MutationDeleteBotInput!) {
      deleteBot(input: $input) {
        __typename
        ... on MutationDeleteBotSuccess {
          result {
            deletedId
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const route = getRouteApi('/_authed/bots/$botId/');

/** One bot: its status and what needs attention, Bot ID and Secret, domains, settings. */
export function BotDetailPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const { botId } = route.useParams();
  const search = route.useSearch();
  const canView = access?.canView('bots') ?? false;
  const [{ data, error }] = useQuery({ query: BotDetailQuery, variables: { id: botId }, pause: !canView });

  if (access && !canView) return <NoAuthority title={t('bots.title')} reason={t('bots.noAuthority')} />;
  if (!data) {
    if (!error) return <PageLoading />;
    if (error.networkError) {
      return (
        <TitledPage back={<BackLink />} title={t('bots.detail.title')}>
          <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
        </TitledPage>
      );
    }
  }
  // Unknown ids, ids of another tenant or of something else, and malformed ids all read as "not found".
  const node = data?.node;
  if (node?.__typename !== 'Bot') return <BotNotFound />;
  const notice = search.registered ? t('bots.detail.created') : search.saved ? t('bots.detail.saved') : undefined;
  return <BotDetailView key={node.id} bot={readFragment(BotDetailFragment, node)} notice={notice} />;
}

export function BotNotFound() {
  const { t } = useTranslation();
  return (
    <TitledPage back={<BackLink />} title={t('bots.detail.notFoundTitle')}>
      <p className="page__empty">{t('bots.detail.notFoundBody')}</p>
    </TitledPage>
  );
}

function BotDetailView({ bot, notice }: { bot: BotDetail; notice: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const access = useAccess();
  const canEdit = access?.canEdit('bots') ?? false;
  const formatDateTime = useDateTimeFormat();
  const [{ fetching: deleting }, remove] = useMutation(DeleteBotMutation);
  const managers = bot.managers.filter((person) => person.role === 'PRIMARY');
  const vice = bot.managers.filter((person) => person.role === 'VICE');
  const secretUntil = bot.previousSecretExpiresAt ? formatDateTime(bot.previousSecretExpiresAt) : '';

  return (
    <section className="page bots-detail" aria-labelledby="page-title">
      <BackLink />
      <div className="card bots-profile">
        <div className="bots-profile__head">
          <BotAvatar name={bot.name} photoUrl={bot.photoUrl} size="large" />
          <div className="bots-profile__names">
            <h1 id="page-title" className="bots-profile__name">
              {bot.name}
            </h1>
            <p className="bots-profile__description">{bot.description}</p>
            <p className="bots-profile__id">
              {t('bots.fields.botId')} <code>{bot.botId}</code>
            </p>
            <BotStatusBadge status={bot.status} />
          </div>
        </div>
        {bot.actionReasons.length > 0 ? (
          <div className={`bots-reasons bots-reasons--${bot.status === 'ACTION_REQUIRED' ? 'action' : 'check'}`}>
            <p className="bots-reasons__title">{bot.status === 'ACTION_REQUIRED' ? t('bots.detail.actionTitle') : t('bots.detail.checkTitle')}</p>
            <ul className="bots-reasons__list">
              {bot.actionReasons.map((reason) => (
                <li key={reason}>{t(`bots.reasons.${reason}`, { time: secretUntil })}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
        {canEdit ? (
          <div className="members-profile__actions">
            <Link to="/bots/$botId/edit" params={{ botId: bot.id }} className="button button--primary">
              {t('bots.detail.edit')}
            </Link>
            <ConfirmButton
              label={t('bots.detail.delete')}
              title={t('bots.delete.title', { name: bot.name })}
              confirmLabel={t('bots.delete.confirm')}
              busyLabel={t('bots.delete.deleting')}
              busy={deleting}
              onConfirm={async () => {
                const result = await remove({ input: { id: bot.id } });
                return settle(t, result.data?.deleteBot, result.error);
              }}
              onDone={() => navigate({ to: '/bots', replace: true })}
            >
              <p>{t('bots.delete.body', { botId: bot.botId })}</p>
            </ConfirmButton>
          </div>
        ) : (
          <p className="bots-header__readonly">{t('bots.readOnly')}</p>
        )}
      </div>

      <BotCredentials bot={bot} canEdit={canEdit} />
      <BotDomains bot={bot} canEdit={canEdit} />
      <BotDeliveries botId={bot.id} canEdit={canEdit} />

      <FactsCard title={t('bots.detail.settings')}>
        <Fact label={t('bots.fields.callback')}>
          {bot.callbackEnabled ? t('bots.callbackState.on') : t('bots.callbackState.off')}
          {bot.callbackUrl ? <span className="bots-facts__url">{bot.callbackUrl}</span> : null}
        </Fact>
        <Fact label={t('bots.fields.messageTypes')}>
          <TagList values={bot.messageTypes.map((type) => t(`bots.messageTypes.${type}`))} />
        </Fact>
        <Fact label={t('bots.fields.roomEvents')}>
          <TagList values={bot.roomEvents.map((event) => t(`bots.roomEventsShort.${event}`))} />
        </Fact>
        <Fact label={t('bots.fields.groupJoin')}>{bot.allowGroupJoin ? t('bots.groupJoin.group') : t('bots.groupJoin.single')}</Fact>
        <Fact label={t('bots.fields.managers')}>
          <People people={managers} />
        </Fact>
        <Fact label={t('bots.fields.viceManagers')}>
          <People people={vice} />
        </Fact>
        <Fact label={t('bots.fields.createdAt')}>{formatDateTime(bot.createdAt)}</Fact>
        <Fact label={t('bots.fields.updatedAt')}>{formatDateTime(bot.updatedAt)}</Fact>
      </FactsCard>
    </section>
  );
}

function TagList({ values }: { values: string[] }) {
  const { t } = useTranslation();
  if (values.length === 0) return <span className="members-facts__unset">{t('bots.none')}</span>;
  return (
    <ul className="bots-tags">
      {values.map((value) => (
        <li key={value} className="bots-tag">
          {value}
        </li>
      ))}
    </ul>
  );
}

function People({ people }: { people: BotDetail['managers'] }) {
  const { t } = useTranslation();
  if (people.length === 0) return <span className="members-facts__unset">{t('bots.none')}</span>;
  return (
    <ul className="bots-people">
      {people.map((person) => (
        <li key={person.memberId} className="bots-people__item">
          <span>{person.name}</span>
          <span className="bots-people__login">{person.loginId}</span>
          {person.suspended ? <span className="badge members-status members-status--suspended">{t('bots.people.suspended')}</span> : null}
        </li>
      ))}
    </ul>
  );
}
