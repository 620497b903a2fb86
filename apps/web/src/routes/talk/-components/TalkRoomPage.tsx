import { useNavigate } from '@tanstack/react-router';
import type { ResultOf } from 'gql.tada';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { LogoutIcon } from '../../../components/icons.tsx';
import { readFragment } from '../../../graphql/graphql.ts';
import { settle } from '../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import { MessageBoundary } from './MessageBoundary.tsx';
import { ActionButton, type ActionHandler, MessageContent } from './MessageContent.tsx';
import { LiveStatus, MessageItem, MessageList, RoomFallback, RoomFooter, RoomHeader } from './RoomParts.tsx';
import { TalkAvatar } from './TalkLayout.tsx';
import {
  LeaveTalkMutation,
  OpenTalkMutation,
  SendTalkMessageMutation,
  TalkBotQuery,
  TalkMessageAddedSubscription,
  TalkMessageFields,
  TalkMessagesQuery,
} from './documents.ts';
import { asContent, list } from './format.ts';
import { loaded, sent, useTalkRoom } from './useTalkRoom.ts';

type Message = ResultOf<typeof TalkMessageFields>;

/**
 * A 1:1 talk with a bot, phone first: the conversation (live over server-sent events), quick replies
 * under the bot's latest message, the bot's persistent menu, and a composer.
 */
export function TalkRoomPage({ botId }: { botId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [{ data: botData, fetching: botFetching, error: botError }] = useQuery({ query: TalkBotQuery, variables: { id: botId }, requestPolicy: 'network-only' });
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [, sendMessage] = useMutation(SendTalkMessageMutation);
  const [, open] = useMutation(OpenTalkMutation);
  const [{ fetching: leaving, error: leaveError }, leave] = useMutation(LeaveTalkMutation);
  const bot = botData?.talkBot;

  const room = useTalkRoom<Message>({
    enabled: Boolean(bot),
    loadPage: async (before, last) => {
      const result = await client.query(TalkMessagesQuery, { botId, before, last }, { requestPolicy: 'network-only' }).toPromise();
      return loaded(t, result, ({ talkMessages: page }) => ({ hasMore: page.hasMore, messages: page.messages.map((message) => readFragment(TalkMessageFields, message)) }));
    },
    send: async (input) => {
      const result = await sendMessage({ input: { botId, ...input } });
      return sent(settle(t, result.data?.sendTalkMessage, result.error), (data) => readFragment(TalkMessageFields, data.talkMessage));
    },
  });
  const { receive } = room;

  const [{ error: liveError }] = useSubscription({ query: TalkMessageAddedSubscription, variables: { botId }, pause: !bot }, (_previous, event) => {
    receive(readFragment(TalkMessageFields, event.talkMessageAdded));
    return event;
  });

  // Open the room: the bot gets "begin" when it starts.
  const botKnown = Boolean(bot);
  useEffect(() => {
    if (botKnown) void open({ input: { botId } });
  }, [botKnown, botId, open]);

  async function handleLeave() {
    const result = await leave({ input: { botId } });
    if (result.data?.leaveTalk.__typename === 'MutationLeaveTalkSuccess') {
      setConfirmLeave(false);
      await navigate({ to: '/talk' });
    }
  }

  if (!bot) return <RoomFallback loading={!botData && botFetching} error={botData ? undefined : botError} notFound={t('talk.room.notFound')} />;

  const menu = list(asContent(bot.persistentMenu).actions);

  return (
    <section className="talk-room" aria-labelledby="talk-room-title">
      <RoomHeader avatar={<TalkAvatar name={bot.name} photoUrl={bot.photoUrl} />} title={bot.name} status={<LiveStatus error={liveError} />}>
        <button type="button" className="button button--ghost talk-room__leave" onClick={() => setConfirmLeave(true)}>
          <LogoutIcon />
          {/* On a phone the icon alone, so that the bot's name keeps the header's width. */}
          <span className="talk-room__leave-label">{t('talk.room.leave')}</span>
        </button>
      </RoomHeader>

      <MessageList room={room} label={bot.name} empty={bot.guide ? <GuideItem guide={bot.guide} onAction={room.onAction} /> : undefined}>
        {room.messages.map((message) => {
          const fromBot = message.sender === 'BOT';
          return (
            <MessageItem
              key={message.id}
              side={fromBot ? 'bot' : 'member'}
              sender={fromBot ? t('talk.room.senderBot') : t('talk.room.senderYou')}
              showSender={false}
              content={message.content}
              createdAt={message.createdAt}
              onAction={room.onAction}
            />
          );
        })}
      </MessageList>

      <RoomFooter room={room} guide={bot.guide} />

      {menu.length > 0 ? (
        <MessageBoundary fallback={null}>
          <nav className="talk-menu" aria-label={t('talk.room.menu')}>
            {menu.map((action, index) => (
              <ActionButton key={index} action={action} onAction={room.onAction} className="talk-menu__item" />
            ))}
          </nav>
        </MessageBoundary>
      ) : null}

      <ConfirmDialog
        open={confirmLeave}
        title={t('talk.room.leaveConfirmTitle')}
        confirmLabel={t('talk.room.leave')}
        busyLabel={t('talk.room.sending')}
        busy={leaving}
        error={leaveError ? combinedErrorMessage(t, leaveError) : undefined}
        onConfirm={() => void handleLeave()}
        onCancel={() => setConfirmLeave(false)}
      >
        <p>{t('talk.room.leaveConfirmBody')}</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * Before the attendance bot's first message reaches a member, the room shows it as a guide (how to
 * clock in, with its buttons): not a message of the talk, so it has no time and is not stored.
 */
function GuideItem({ guide, onAction }: { guide: unknown; onAction: ActionHandler }) {
  const { t } = useTranslation();
  return (
    <li className="talk-message talk-message--bot talk-room__guide">
      <span className="talk-message__sender">
        <span className="talk-message__name">{t('talk.room.guide')}</span>
      </span>
      <MessageBoundary fallback={null}>
        <MessageContent content={guide} onAction={onAction} />
      </MessageBoundary>
    </li>
  );
}
