import { Link } from '@tanstack/react-router';
import { type FormEvent, type KeyboardEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import { MessageBoundary, MessageUnavailable } from './MessageBoundary.tsx';
import { type ActionHandler, ActionButton, MessageContent } from './MessageContent.tsx';
import { asContent, list, useTalkTime } from './format.ts';
import type { RoomMessage, TalkRoom } from './useTalkRoom.ts';

/** What a room shows instead while it loads, when it could not be loaded, or when there is no such room for the member. */
export function RoomFallback({ loading, error, notFound }: { loading: boolean; error: CombinedError | undefined; notFound: string }) {
  const { t } = useTranslation();
  if (loading) return <PageLoading />;
  if (error) return <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>;
  return (
    <div className="card talk-room__missing">
      <p>{notFound}</p>
      <Link to="/talk" className="button button--secondary">
        {t('talk.room.back')}
      </Link>
    </div>
  );
}

/** The room's bar: back to the list, who the talk is with, the live status, and the room's own actions. */
export function RoomHeader({ avatar, title, status, children }: { avatar: ReactNode; title: string; status: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="talk-room__head">
      <Link to="/talk" className="talk-room__back" aria-label={t('talk.room.back')}>
        <span aria-hidden="true">‹</span>
      </Link>
      {avatar}
      <span className="talk-room__heading">
        <h1 id="talk-room-title" className="talk-room__title">
          {title}
        </h1>
        <span className="talk-room__status" aria-live="polite">
          {status}
        </span>
      </span>
      {children}
    </header>
  );
}

/** "Live", or "Reconnecting…" while the live feed is down. */
export function LiveStatus({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return <>{error ? t('talk.room.reconnecting') : t('talk.room.live')}</>;
}

/**
 * The scrolling conversation: "load earlier" on top, the empty hint (or `empty`, what the room shows
 * before its first message), then the messages (children).
 */
export function MessageList<Message extends RoomMessage>({
  room,
  label,
  empty,
  children,
}: {
  room: TalkRoom<Message>;
  label: string;
  empty?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    // Focusable: a keyboard user can scroll the conversation (it is its own scrolling region; axe's
    // scrollable-region-focusable, WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <ol ref={room.listRef} className="talk-room__messages" aria-label={label} onScroll={room.onListScroll} tabIndex={0}>
      {room.hasMore ? (
        <li className="talk-room__older">
          <button type="button" className="button button--secondary" onClick={room.loadOlder}>
            {t('talk.room.loadOlder')}
          </button>
        </li>
      ) : null}
      {room.loaded && room.messages.length === 0 ? (empty ?? <li className="talk-room__empty">{t('talk.room.empty')}</li>) : null}
      {children}
    </ol>
  );
}

interface MessageItemProps {
  /** The bot and other members on the left; the reader's own messages on the right. */
  side: 'bot' | 'other' | 'member';
  /** Who wrote it: shown above the bubble with `avatar` when `showSender`, else read out only. */
  sender: string;
  showSender: boolean;
  avatar?: ReactNode;
  content: unknown;
  createdAt: unknown;
  onAction: ActionHandler;
}

export function MessageItem({ side, sender, showSender, avatar, content, createdAt, onAction }: MessageItemProps) {
  const time = useTalkTime();
  return (
    <li className={`talk-message talk-message--${side}`}>
      {showSender ? (
        <span className="talk-message__sender">
          {avatar}
          <span className="talk-message__name">{sender}</span>
        </span>
      ) : (
        <span className="visually-hidden">{sender}: </span>
      )}
      <MessageBoundary fallback={<MessageUnavailable />}>
        <MessageContent content={content} onAction={onAction} />
      </MessageBoundary>
      <time className="talk-message__time" dateTime={String(createdAt)}>
        {time(String(createdAt))}
      </time>
    </li>
  );
}

/**
 * Under the conversation: notices, the quick replies of the bot's latest message (or of `guide`, the
 * bot's guide, while the room has no message), and the composer.
 */
export function RoomFooter<Message extends RoomMessage & { sender: string; content: unknown }>({ room, guide }: { room: TalkRoom<Message>; guide?: unknown }) {
  const latest = room.messages.at(-1);
  const items = latest ? quickRepliesOf(latest, latest.sender === 'BOT') : room.loaded && guide ? quickRepliesOf({ content: guide }, true) : [];
  return (
    <>
      <RoomNotices room={room} />
      <MessageBoundary key={latest?.id} fallback={null}>
        <QuickReplies items={items} onAction={room.onAction} />
      </MessageBoundary>
      <Composer room={room} />
    </>
  );
}

/** The quick replies of the bot's latest message (none once anyone has answered it). */
function quickRepliesOf(latest: { content: unknown } | undefined, fromBot: boolean): unknown[] {
  return latest && fromBot ? list(asContent(asContent(latest.content).quickReply).items) : [];
}

function QuickReplies({ items, onAction }: { items: unknown[]; onAction: ActionHandler }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <fieldset className="talk-quick">
      <legend className="visually-hidden">{t('talk.room.quickReplies')}</legend>
      {items.map((item, index) => (
        <ActionButton key={index} action={asContent(item).action} onAction={onAction} className="talk-quick__item" />
      ))}
    </fieldset>
  );
}

/** A load error and the short-lived notice ("Copied") between the conversation and the composer. */
function RoomNotices<Message extends RoomMessage>({ room }: { room: TalkRoom<Message> }) {
  return (
    <>
      {room.loadError ? <FormAlert>{room.loadError}</FormAlert> : null}
      <p className="talk-room__notice" role="status">
        {room.notice}
      </p>
    </>
  );
}

/** Writes a message: Enter sends on a keyboard, the button everywhere. */
function Composer<Message extends RoomMessage>({ room }: { room: TalkRoom<Message> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');

  async function handleSubmit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || room.sending) return;
    if (await room.post({ text })) setText('');
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Shift+Enter (and the phone's return key, which has no Shift) adds a line.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && window.matchMedia('(pointer: fine)').matches) {
      event.preventDefault();
      void handleSubmit();
    }
  }

  return (
    <form className="talk-composer" onSubmit={(event) => void handleSubmit(event)}>
      {room.sendError ? <FormAlert>{room.sendError}</FormAlert> : null}
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
        <button type="submit" className="button button--primary talk-composer__send" disabled={room.sending || !text.trim()}>
          {room.sending ? t('talk.room.sending') : t('talk.room.send')}
        </button>
      </div>
      {text.length > 1800 ? <p className="talk-composer__count">{t('talk.room.tooLong', { count: text.length })}</p> : null}
    </form>
  );
}
