import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import { TalkAvatar } from './TalkLayout.tsx';
import { TalkBotsQuery } from './documents.ts';
import { contentPreview, useTalkTime } from './format.ts';

/** The member's bots, most recent talks first, each with the last message. */
export function TalkListPage() {
  const { t } = useTranslation();
  const time = useTalkTime();
  const [{ data, error, fetching }] = useQuery({ query: TalkBotsQuery, requestPolicy: 'cache-and-network' });
  if (!data && fetching) return <PageLoading />;
  return (
    <section className="talk-list" aria-labelledby="talk-list-title">
      <h1 id="talk-list-title" className="talk-list__title">
        {t('talk.list.heading')}
      </h1>
      <p className="talk-list__intro">{t('talk.list.intro')}</p>
      {error ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {data && data.talkBots.length === 0 ? (
        <div className="talk-list__empty">
          <p>{t('talk.list.empty')}</p>
          <p className="talk-list__hint">{t('talk.list.emptyHint')}</p>
        </div>
      ) : null}
      <ul className="talk-list__items">
        {data?.talkBots.map((bot) => {
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
    </section>
  );
}
