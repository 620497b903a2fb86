import { Link, useNavigate } from '@tanstack/react-router';
import type { ResultOf } from 'gql.tada';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { MembersIcon } from '../../../components/icons.tsx';
import { PageLoading } from '../../../components/PageLoading.tsx';
import { readFragment } from '../../../graphql/graphql.ts';
import { settle } from '../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../i18n/errors.ts';
import { GroupMembersDialog } from './GroupMembersDialog.tsx';
import { personName } from './MemberPicker.tsx';
import { Composer, LiveStatus, MessageItem, MessageList, QuickReplies, quickRepliesOf, RoomHeader, RoomNotices } from './RoomParts.tsx';
import { GroupAvatar, TalkAvatar } from './TalkLayout.tsx';
import {
  LeaveTalkChannelMutation,
  SendTalkChannelMessageMutation,
  TalkChannelMessageAddedSubscription,
  TalkChannelMessageFields,
  TalkChannelMessagesQuery,
  TalkChannelQuery,
  TalkChannelsQuery,
  TalkViewerQuery,
} from './documents.ts';
import { useTalkRoom } from './useTalkRoom.ts';

type Message = ResultOf<typeof TalkChannelMessageFields>;

/**
 * A group talk, laid out like the 1:1 room: members' names over their messages (the reader's own on
 * the right), the bot's with its picture, live messages, quick replies and a composer; the members
 * panel adds members, changes the bot and leaves.
 */
export function TalkGroupRoomPage({ channelId }: { channelId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [{ data, fetching, error }, refetchChannel] = useQuery({ query: TalkChannelQuery, variables: { id: channelId }, requestPolicy: 'network-only' });
  const [{ data: viewerData }] = useQuery({ query: TalkViewerQuery });
  const [, sendMessage] = useMutation(SendTalkChannelMessageMutation);
  const [{ fetching: leaving }, leave] = useMutation(LeaveTalkChannelMutation);
  const [panelOpen, setPanelOpen] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [leaveError, setLeaveError] = useState<string>();
  const channel = data?.talkChannel;
  const memberIds = useRef(new Set<string>());
  memberIds.current = new Set(channel?.members.map((person) => person.id));

  const room = useTalkRoom<Message>({
    enabled: Boolean(channel),
    loadPage: async (before, last) => {
      const result = await client.query(TalkChannelMessagesQuery, { id: channelId, before, last }, { requestPolicy: 'network-only' }).toPromise();
      if (!result.data) return { ok: false, message: result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected') };
      const page = result.data.talkChannelMessages;
      return { ok: true, value: { hasMore: page.hasMore, messages: page.messages.map((message) => readFragment(TalkChannelMessageFields, message)) } };
    },
    send: async (input) => {
      const result = await sendMessage({ input: { id: channelId, ...input } });
      const settled = settle(t, result.data?.sendTalkChannelMessage, result.error);
      return settled.ok ? { ok: true, value: readFragment(TalkChannelMessageFields, settled.data.talkMessage) } : settled;
    },
  });
  const { receive } = room;

  const [{ error: liveError }] = useSubscription(
    { query: TalkChannelMessageAddedSubscription, variables: { id: channelId }, pause: !channel },
    (_previous, event) => {
      const message = readFragment(TalkChannelMessageFields, event.talkChannelMessageAdded);
      receive(message);
      // Someone another member just added: fetch the members to know their name.
      if (message.memberId && !memberIds.current.has(message.memberId)) refetchChannel({ requestPolicy: 'network-only' });
      return event;
    },
  );

  async function handleLeave() {
    setLeaveError(undefined);
    const result = await leave({ input: { id: channelId } });
    const settled = settle(t, result.data?.leaveTalkChannel, result.error);
    if (!settled.ok) {
      setLeaveError(settled.message);
      return;
    }
    await client.query(TalkChannelsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    setConfirmLeave(false);
    await navigate({ to: '/talk' });
  }

  if (!data && fetching) return <PageLoading />;
  if (error && !data) return <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>;
  if (!channel) {
    return (
      <div className="card talk-room__missing">
        <p>{t('talk.groups.room.notFound')}</p>
        <Link to="/talk" className="button button--secondary">
          {t('talk.room.back')}
        </Link>
      </div>
    );
  }

  const viewerLogin = viewerData?.talkViewer?.loginId;
  const viewerId = channel.members.find((person) => person.loginId === viewerLogin)?.id;
  const names = new Map(channel.members.map((person) => [person.id, personName(person)]));
  const botName = channel.bot?.name ?? t('talk.room.senderBot');
  const latest = room.messages.at(-1);

  return (
    <section className="talk-room" aria-labelledby="talk-room-title">
      <RoomHeader avatar={<GroupAvatar title={channel.title} />} title={channel.title} status={<LiveStatus error={liveError} />}>
        <button
          type="button"
          className="button button--ghost talk-room__members"
          aria-haspopup="dialog"
          aria-label={t('talk.groups.room.membersButton', { count: channel.members.length })}
          onClick={() => setPanelOpen(true)}
        >
          <MembersIcon />
          <span className="talk-room__members-label" aria-hidden="true">
            {t('talk.groups.room.members')}
          </span>
          <span aria-hidden="true">{channel.members.length}</span>
        </button>
      </RoomHeader>

      <MessageList room={room} label={channel.title}>
        {room.messages.map((message, index) => {
          const previous = room.messages[index - 1];
          // Like LINE WORKS, a run of messages from one sender names them once.
          const sameSender = previous?.sender === message.sender && previous.memberId === message.memberId;
          if (message.sender === 'BOT') {
            return (
              <MessageItem
                key={message.id}
                side="bot"
                sender={botName}
                showSender={!sameSender}
                avatar={<TalkAvatar name={botName} photoUrl={channel.bot?.photoUrl ?? null} size="tiny" />}
                content={message.content}
                createdAt={message.createdAt}
                onAction={room.onAction}
              />
            );
          }
          const own = message.memberId !== null && message.memberId === viewerId;
          return (
            <MessageItem
              key={message.id}
              side={own ? 'member' : 'other'}
              sender={own ? t('talk.room.senderYou') : ((message.memberId && names.get(message.memberId)) ?? t('talk.groups.formerMember'))}
              showSender={!own && !sameSender}
              content={message.content}
              createdAt={message.createdAt}
              onAction={room.onAction}
            />
          );
        })}
      </MessageList>

      <RoomNotices room={room} />
      <QuickReplies items={quickRepliesOf(latest, latest?.sender === 'BOT')} onAction={room.onAction} />
      <Composer room={room} />

      <GroupMembersDialog
        open={panelOpen}
        channel={channel}
        viewerId={viewerId}
        onClose={() => setPanelOpen(false)}
        onLeave={() => {
          setPanelOpen(false);
          setConfirmLeave(true);
        }}
      />
      <ConfirmDialog
        open={confirmLeave}
        title={t('talk.groups.room.leaveConfirmTitle')}
        confirmLabel={t('talk.groups.room.leaveConfirm')}
        busyLabel={t('talk.groups.room.leaving')}
        busy={leaving}
        error={leaveError}
        onConfirm={() => void handleLeave()}
        onCancel={() => setConfirmLeave(false)}
      >
        <p>{t('talk.groups.room.leaveConfirmBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
