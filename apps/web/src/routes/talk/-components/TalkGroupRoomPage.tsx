import { useNavigate } from '@tanstack/react-router';
import type { ResultOf } from 'gql.tada';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { MembersIcon } from '../../../components/icons.tsx';
import { readFragment } from '../../../graphql/graphql.ts';
import { settle } from '../../../graphql/outcome.ts';
import { GroupMembersDialog } from './GroupMembersDialog.tsx';
import { personName } from './MemberPicker.tsx';
import { LiveStatus, MessageItem, MessageList, RoomFallback, RoomFooter, RoomHeader } from './RoomParts.tsx';
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
import { loaded, sent, useTalkRoom } from './useTalkRoom.ts';

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
      return loaded(t, result, ({ talkChannelMessages: page }) => ({
        hasMore: page.hasMore,
        messages: page.messages.map((message) => readFragment(TalkChannelMessageFields, message)),
      }));
    },
    send: async (input) => {
      const result = await sendMessage({ input: { id: channelId, ...input } });
      return sent(settle(t, result.data?.sendTalkChannelMessage, result.error), (data) => readFragment(TalkChannelMessageFields, data.talkMessage));
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

  if (!channel) return <RoomFallback loading={!data && fetching} error={data ? undefined : error} notFound={t('talk.groups.room.notFound')} />;

  const viewerLogin = viewerData?.talkViewer?.loginId;
  const viewerId = channel.members.find((person) => person.loginId === viewerLogin)?.id;
  const names = new Map(channel.members.map((person) => [person.id, personName(person)]));
  const botName = channel.bot?.name ?? t('talk.room.senderBot');

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

      <RoomFooter room={room} />

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
