import type { TFunction } from 'i18next';
import { type UIEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationResult } from 'urql';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import type { ActionHandler } from './MessageContent.tsx';
import { type Content, scalar, str } from './format.ts';

/** What both rooms (1:1 with a bot, group talk) need of a message to list it. */
export interface RoomMessage {
  id: string;
  createdAt: unknown;
}

export interface MessagePage<Message> {
  messages: Message[];
  hasMore: boolean;
}

/** What a member sends: text, a tapped message action (text + postback), or a tapped postback action. */
export interface SendInput {
  text?: string;
  messagePostback?: string;
  postbackData?: string;
  postbackDisplayText?: string;
}

/** A load or a send gives its result, or the translated message to show instead. */
export type Outcome<Value> = { ok: true; value: Value } | { ok: false; message: string };

const PAGE = 30;

/** A send mutation's settled answer as a send outcome: the stored message (`messageOf` reads it), or the message to show. */
export function sent<Data, Message>(settled: { ok: true; data: Data } | { ok: false; message: string }, messageOf: (data: Data) => Message): Outcome<Message> {
  return settled.ok ? { ok: true, value: messageOf(settled.data) } : settled;
}

/** A messages query's answer as a load outcome: its page (`pageOf` picks it out of the data), or the message to show. */
export function loaded<Data, Message>(t: TFunction, result: OperationResult<Data>, pageOf: (data: Data) => MessagePage<Message>): Outcome<MessagePage<Message>> {
  if (!result.data) return { ok: false, message: result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected') };
  return { ok: true, value: pageOf(result.data) };
}

/** Adds messages by id (the live feed also echoes the member's own), oldest first. */
export function mergeMessages<Message extends RoomMessage>(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)) || a.id.localeCompare(b.id));
}

interface TalkRoomOptions<Message> {
  /** Loads nothing until the room is known to exist (and be the member's). */
  enabled: boolean;
  loadPage: (before: string | null, last: number) => Promise<Outcome<MessagePage<Message>>>;
  send: (input: SendInput) => Promise<Outcome<Message>>;
}

/**
 * A room's conversation, shared by the 1:1 room and group talks: the latest page of messages and
 * older pages on request, live messages merged in by id, sending (text and tapped actions), the
 * copy notice, and keeping the list at the bottom while the reader is there.
 */
export function useTalkRoom<Message extends RoomMessage>({ enabled, loadPage, send }: TalkRoomOptions<Message>) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<Message[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  // The latest callbacks, so that loading and sending do not restart when the caller re-renders.
  const loadPageRef = useRef(loadPage);
  const sendRef = useRef(send);
  useEffect(() => {
    loadPageRef.current = loadPage;
    sendRef.current = send;
  });

  const load = useCallback(async (before: string | null) => {
    const outcome = await loadPageRef.current(before, PAGE);
    if (!outcome.ok) {
      setLoadError(outcome.message);
      return;
    }
    setLoadError(undefined);
    setMessages((current) => mergeMessages(current, outcome.value.messages));
    setHasMore(outcome.value.hasMore);
    setLoaded(true);
  }, []);

  useEffect(() => {
    if (enabled) void load(null);
  }, [enabled, load]);

  const receive = useCallback((message: Message) => setMessages((current) => mergeMessages(current, [message])), []);

  // Follow new messages while the reader is at the bottom; keep the place when older ones load.
  useLayoutEffect(() => {
    const element = listRef.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  const post = useCallback(
    async (input: SendInput) => {
      setSendError(undefined);
      setSending(true);
      stickToBottom.current = true;
      const outcome = await sendRef.current(input);
      setSending(false);
      if (!outcome.ok) {
        setSendError(outcome.message);
        return false;
      }
      receive(outcome.value);
      return true;
    },
    [receive],
  );

  // A message action sends its text, a postback action its data, a copy action copies; uri actions
  // are links and never come here.
  const onAction: ActionHandler = (action: Content) => {
    if (action.type === 'message') {
      const body = str(action.text) ?? str(action.label);
      if (body) void post({ text: body, ...(str(action.postback) && { messagePostback: scalar(action.postback) }) });
    } else if (action.type === 'postback') {
      void post({ postbackData: scalar(action.data), ...(str(action.displayText) && { postbackDisplayText: scalar(action.displayText) }) });
    } else if (action.type === 'copy') {
      navigator.clipboard
        .writeText(scalar(action.copyText))
        .then(() => setNotice(t('talk.room.copied')))
        .catch(() => setNotice(t('talk.room.copyFailed')));
    }
  };

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(undefined), 2500);
    return () => clearTimeout(timer);
  }, [notice]);

  function loadOlder() {
    stickToBottom.current = false;
    void load(messages[0]?.id ?? null);
  }

  function onListScroll(event: UIEvent<HTMLOListElement>) {
    const element = event.currentTarget;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
  }

  return { messages, hasMore, loaded, loadError, loadOlder, receive, post, sending, sendError, onAction, notice, listRef, onListScroll };
}

export type TalkRoom<Message extends RoomMessage> = ReturnType<typeof useTalkRoom<Message>>;
