import { Link, useNavigate } from '@tanstack/react-router';
import type { ResultOf } from 'gql.tada';
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { readFragment } from '../../../graphql/graphql.ts';
import { combinedErrorMessage, errorMessage } from '../../../i18n/errors.ts';
import { type ActionHandler, ActionButton, MessageContent } from './MessageContent.tsx';
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
import { asContent, type Content, list, str, useTalkTime } from './format.ts';

type Message = ResultOf<typeof TalkMessageFields>;

const PAGE = 30;

/** Adds messages by id (the subscription also echoes the member's own), oldest first. */
function merge(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)) || a.id.localeCompare(b.id));
}

/**
 * A 1:1 talk with a bot, phone first: the conversation (live over server-sent events), quick replies
 * under the bot's latest message, the bot's persistent menu, and a composer. Tapping a message action
 * sends its text, a postback action its data, a uri action opens the link, a copy action copies.
 */
export function TalkRoomPage({ botId }: { botId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const time = useTalkTime();
  const [{ data: botData, fetching: botFetching, error: botError }] = useQuery({ query: TalkBotQuery, variables: { id: botId }, requestPolicy: 'network-only' });
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [text, setText] = useState('');
  const [sendError, setSendError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [{ fetching: sending }, send] = useMutation(SendTalkMessageMutation);
  const [, open] = useMutation(OpenTalkMutation);
  const [{ fetching: leaving, error: leaveError }, leave] = useMutation(LeaveTalkMutation);
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const bot = botData?.talkBot;

  const [{ error: liveError }] = useSubscription({ query: TalkMessageAddedSubscription, variables: { botId }, pause: !bot }, (_previous, event) => {
    const message = readFragment(TalkMessageFields, event.talkMessageAdded);
    setMessages((current) => merge(current, [message]));
    return event;
  });

  const loadPage = useCallback(
    async (before?: string) => {
      const result = await client.query(TalkMessagesQuery, { botId, before: before ?? null, last: PAGE }, { requestPolicy: 'network-only' }).toPromise();
      if (!result.data) {
        setLoadError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
        return;
      }
      const page = result.data.talkMessages;
      setMessages((current) => merge(current, page.messages.map((message) => readFragment(TalkMessageFields, message))));
      setHasMore(page.hasMore);
      setLoaded(true);
    },
    [botId, client, t],
  );

  // Open the room (the bot gets "begin" when it starts), then read its latest messages.
  const botKnown = Boolean(bot);
  useEffect(() => {
    if (!botKnown) return;
    void open({ input: { botId } });
    void loadPage();
  }, [botKnown, botId, open, loadPage]);

  // Follow new messages while the reader is at the bottom; keep the place when older ones load.
  useLayoutEffect(() => {
    const element = listRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  async function post(input: { text?: string; messagePostback?: string; postbackData?: string; postbackDisplayText?: string }) {
    setSendError(undefined);
    stickToBottom.current = true;
    const result = await send({ input: { botId, ...input } });
    const outcome = result.data?.sendTalkMessage;
    if (!outcome) {
      setSendError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
      return false;
    }
    if (outcome.__typename !== 'MutationSendTalkMessageSuccess') {
      setSendError(errorMessage(t, outcome));
      return false;
    }
    setMessages((current) => merge(current, [readFragment(TalkMessageFields, outcome.talkMessage)]));
    return true;
  }

  const onAction: ActionHandler = (action: Content) => {
    if (action.type === 'message') {
      const body = str(action.text) ?? str(action.label);
      if (body) void post({ text: body, ...(str(action.postback) && { messagePostback: String(action.postback) }) });
    } else if (action.type === 'postback') {
      void post({ postbackData: String(action.data ?? ''), ...(str(action.displayText) && { postbackDisplayText: String(action.displayText) }) });
    } else if (action.type === 'copy') {
      navigator.clipboard
        .writeText(String(action.copyText ?? ''))
        .then(() => setNotice(t('talk.room.copied')))
        .catch(() => setNotice(t('talk.room.copyFailed')));
    }
  };

  async function handleSubmit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || sending) return;
    if (await post({ text })) setText('');
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends on a keyboard; Shift+Enter (and the phone's return key, which has no Shift) adds a line.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && window.matchMedia('(pointer: fine)').matches) {
      event.preventDefault();
      void handleSubmit();
    }
  }

  async function handleLeave() {
    const result = await leave({ input: { botId } });
    if (result.data?.leaveTalk.__typename === 'MutationLeaveTalkSuccess') {
      setConfirmLeave(false);
      await navigate({ to: '/talk' });
    }
  }

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 2500);
    return () => clearTimeout(timer);
  }, [notice]);

  if (!botData && botFetching) return <PageLoading />;
  if (botError && !botData) return <FormAlert>{combinedErrorMessage(t, botError)}</FormAlert>;
  if (!bot) {
    return (
      <div className="card talk-room__missing">
        <p>{t('talk.room.notFound')}</p>
        <Link to="/talk" className="button button--secondary">
          {t('talk.room.back')}
        </Link>
      </div>
    );
  }

  const latest = messages[messages.length - 1];
  const quickReplies = latest?.sender === 'BOT' ? list(asContent(asContent(latest.content).quickReply).items) : [];
  const menu = list(asContent(bot.persistentMenu).actions);

  return (
    <section className="talk-room" aria-labelledby="talk-room-title">
      <header className="talk-room__head">
        <Link to="/talk" className="talk-room__back" aria-label={t('talk.room.back')}>
          <span aria-hidden="true">‹</span>
        </Link>
        <TalkAvatar name={bot.name} photoUrl={bot.photoUrl} />
        <span className="talk-room__heading">
          <h1 id="talk-room-title" className="talk-room__title">
            {bot.name}
          </h1>
          <span className="talk-room__status" aria-live="polite">
            {liveError ? t('talk.room.reconnecting') : t('talk.room.live')}
          </span>
        </span>
        <button type="button" className="button button--ghost talk-room__leave" onClick={() => setConfirmLeave(true)}>
          {t('talk.room.leave')}
        </button>
      </header>

      <ol
        ref={listRef}
        className="talk-room__messages"
        aria-label={bot.name}
        onScroll={(event) => {
          const element = event.currentTarget;
          stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {hasMore ? (
          <li className="talk-room__older">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                stickToBottom.current = false;
                void loadPage(messages[0]?.id);
              }}
            >
              {t('talk.room.loadOlder')}
            </button>
          </li>
        ) : null}
        {loaded && messages.length === 0 ? <li className="talk-room__empty">{t('talk.room.empty')}</li> : null}
        {messages.map((message) => (
          <li key={message.id} className={`talk-message talk-message--${message.sender === 'BOT' ? 'bot' : 'member'}`}>
            <span className="visually-hidden">{message.sender === 'BOT' ? t('talk.room.senderBot') : t('talk.room.senderYou')}: </span>
            <MessageContent content={message.content} onAction={onAction} />
            <time className="talk-message__time" dateTime={String(message.createdAt)}>
              {time(String(message.createdAt))}
            </time>
          </li>
        ))}
      </ol>

      {loadError ? <FormAlert>{loadError}</FormAlert> : null}
      <p className="talk-room__notice" role="status">
        {notice}
      </p>

      {quickReplies.length > 0 ? (
        <fieldset className="talk-quick">
          <legend className="visually-hidden">{t('talk.room.quickReplies')}</legend>
          {quickReplies.map((item, index) => (
            <ActionButton key={index} action={asContent(item).action} onAction={onAction} className="talk-quick__item" />
          ))}
        </fieldset>
      ) : null}

      <form className="talk-composer" onSubmit={(event) => void handleSubmit(event)}>
        {sendError ? <FormAlert>{sendError}</FormAlert> : null}
        <div className="talk-composer__row">
          <label className="visually-hidden" htmlFor="talk-input">
            {t('talk.room.placeholder')}
          </label>
          <textarea
            id="talk-input"
            className="talk-composer__input"
            rows={1}
            maxLength={2000}
            placeholder={t('talk.room.placeholder')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={handleKeyDown}
          />
          <button type="submit" className="button button--primary talk-composer__send" disabled={sending || !text.trim()}>
            {sending ? t('talk.room.sending') : t('talk.room.send')}
          </button>
        </div>
        {text.length > 1800 ? <p className="talk-composer__count">{t('talk.room.tooLong', { count: text.length })}</p> : null}
      </form>

      {menu.length > 0 ? (
        <nav className="talk-menu" aria-label={t('talk.room.menu')}>
          {menu.map((action, index) => (
            <ActionButton key={index} action={action} onAction={onAction} className="talk-menu__item" />
          ))}
        </nav>
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
