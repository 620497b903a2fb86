import { Link } from '@tanstack/react-router';
import type { ResultOf } from 'gql.tada';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PlusIcon } from '../../../components/icons.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { readFragment } from '../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import { personName } from './MemberPicker.tsx';
import { GroupAvatar, TalkAvatar } from './TalkLayout.tsx';
import { TalkBotsQuery, TalkChannelMessageFields, TalkChannelsQuery, TalkViewerQuery } from './documents.ts';
import { contentPreview, useTalkTime } from './format.ts';

/** The member's talks: their bots (1:1) and their group talks, most recent first, each with the last message. */
export function TalkListPage() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: TalkBotsQuery, requestPolicy: 'cache-and-network' });
  if (!data && fetching) return <PageLoading />;
  return (
    <div className="talk-list">
      <h1 className="visually-hidden">{t('talk.title')}</h1>
      <section className="talk-list__section" aria-labelledby="talk-bots-title">
        <h2 id="talk-bots-title" className="talk-list__title">
          {t('talk.list.heading')}
        </h2>
        <p className="talk-list__intro">{t('talk.list.intro')}</p>
        {error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
        {data && data.talkBots.length === 0 ? (
          <div className="talk-list__empty">
            <p>{t('talk.list.empty')}</p>
            <p className="talk-list__hint">{t('talk.list.emptyHint')}</p>
          </div>
        ) : null}
        {data && data.talkBots.length > 0 ? <BotItems bots={data.talkBots} /> : null}
      </section>
      <GroupTalks />
    </div>
  );
}

type Bot = ResultOf<typeof TalkBotsQuery>['talkBots'][number];
type Channel = ResultOf<typeof TalkChannelsQuery>['talkChannels'][number];

function BotItems({ bots }: { bots: Bot[] }) {
  const { t } = useTranslation();
  const time = useTalkTime();
  return (
    <ul className="talk-list__items">
      {bots.map((bot) => {
        const last = bot.lastMessage;
        const preview = last ? contentPreview(t, last.content) : t('talk.list.noMessages');
        return (
          <li key={bot.id}>
            <Link to="/talk/$botId" params={{ botId: bot.id }} className="talk-list__item">
              <TalkAvatar name={bot.name} photoUrl={bot.photoUrl} />
              <span className="talk-list__body">
                <span className="talk-list__name">{bot.name}</span>
                <span className="talk-list__preview">{last?.sender === 'MEMBER' ? t('talk.list.you', { text: preview }) : preview}</span>
              </span>
              {last ? (
                <time className="talk-list__time" dateTime={String(last.createdAt)}>
                  {time(String(last.createdAt))}
                </time>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Group talks: name, member count, the bot in it, and the last message with who wrote it. */
function GroupTalks() {
  const { t } = useTranslation();
  const time = useTalkTime();
  const [{ data, error }] = useQuery({ query: TalkChannelsQuery, requestPolicy: 'cache-and-network' });
  const [{ data: viewerData }] = useQuery({ query: TalkViewerQuery });
  const viewerLogin = viewerData?.talkViewer?.loginId;
  return (
    <section className="talk-list__section" aria-labelledby="talk-groups-title">
      <div className="talk-list__header">
        <h2 id="talk-groups-title" className="talk-list__title">
          {t('talk.groups.heading')}
        </h2>
        <p className="talk-list__intro">{t('talk.groups.intro')}</p>
        <Link to="/talk/groups/new" className="button button--secondary talk-list__create">
          <PlusIcon />
          {t('talk.groups.create')}
        </Link>
      </div>
      {error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {data && data.talkChannels.length === 0 ? (
        <div className="talk-list__empty">
          <p>{t('talk.groups.empty')}</p>
          <p className="talk-list__hint">{t('talk.groups.emptyHint')}</p>
        </div>
      ) : null}
      {data && data.talkChannels.length > 0 ? (
        <ul className="talk-list__items">
          {data.talkChannels.map((channel) => {
            const last = channel.lastMessage ? readFragment(TalkChannelMessageFields, channel.lastMessage) : null;
            const preview = groupPreview(t, channel, viewerLogin);
            return (
              <li key={channel.id}>
                <Link to="/talk/groups/$channelId" params={{ channelId: channel.id }} className="talk-list__item">
                  <GroupAvatar title={channel.title} />
                  <span className="talk-list__body">
                    <span className="talk-list__name">{channel.title}</span>
                    <span className="talk-list__meta">
                      {t('talk.groups.memberCount', { count: channel.members.length })}
                      {channel.bot ? ` · ${t('talk.groups.withBot', { name: channel.bot.name })}` : null}
                    </span>
                    <span className="talk-list__preview">{preview}</span>
                  </span>
                  {last ? (
                    <time className="talk-list__time" dateTime={String(last.createdAt)}>
                      {time(String(last.createdAt))}
                    </time>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** The last message with who wrote it: "You: …", "Hanako Suzuki: …", or the bot's name. */
function groupPreview(t: TFunction, channel: Channel, viewerLogin: string | undefined): string {
  const last = channel.lastMessage ? readFragment(TalkChannelMessageFields, channel.lastMessage) : null;
  if (!last) return t('talk.list.noMessages');
  const text = contentPreview(t, last.content);
  if (last.sender === 'BOT') return t('talk.groups.from', { name: channel.bot?.name ?? t('talk.room.senderBot'), text });
  const author = channel.members.find((person) => person.id === last.memberId);
  if (author && author.loginId === viewerLogin) return t('talk.list.you', { text });
  return t('talk.groups.from', { name: author ? personName(author) : t('talk.groups.formerMember'), text });
}
