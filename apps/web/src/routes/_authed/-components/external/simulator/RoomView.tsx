import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { graphql, type ResultOf } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { Composer } from './Composer.tsx';
import { useDateTimeFormat } from './format.ts';
import { MessageTypeIcon } from './MessageTypeIcon.tsx';
import { SectionState, useSectionSetting } from './SectionState.tsx';
import type { SimulatorDomain } from './SimulatorPage.tsx';

export const SimulatorRoomQuery = graphql(`
  query SimulatorRoom($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on ExternalRoom {
        kind
        status
        closedReason
        closedAt
        createdAt
        memberName
        memberLoginId
        memberNameForContact
        contact {
          externalId
          displayName
          language
        }
        messages {
          id
          sender
          type
          text
          fileName
          createdAt
        }
      }
    }
  }
`);

type RoomNode = Extract<NonNullable<ResultOf<typeof SimulatorRoomQuery>['node']>, { __typename: 'ExternalRoom' }>;
type Message = RoomNode['messages'][number];

interface RoomViewProps {
  roomId: string | undefined;
  domains: readonly SimulatorDomain[];
  canEdit: boolean;
}

/** The chosen room: who is in it, how the external side sees the member, the chat and a composer. */
export function RoomView({ roomId, domains, canEdit }: RoomViewProps) {
  const { t } = useTranslation();
  // A room chosen after the page opened gets focus (on phones it is below the list); the one in the
  // URL at load does not.
  const [initialRoomId] = useState(roomId);
  const [chosenLater, setChosenLater] = useState(false);
  if (!chosenLater && roomId !== initialRoomId) setChosenLater(true);

  if (!roomId) {
    return (
      <section className="simulator-panel simulator-room simulator-room--empty" aria-label={t('simulator.room.placeholder')}>
        <p className="simulator-room__placeholder">{t('simulator.room.placeholder')}</p>
      </section>
    );
  }
  return <Room key={roomId} roomId={roomId} domains={domains} canEdit={canEdit} focusOnLoad={chosenLater} />;
}

function Room({ roomId, domains, canEdit, focusOnLoad }: { roomId: string; domains: readonly SimulatorDomain[]; canEdit: boolean; focusOnLoad: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const { dateTime } = useDateTimeFormat();
  const [{ data, error, fetching }, reexecute] = useQuery({ query: SimulatorRoomQuery, variables: { id: roomId } });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const room = data?.node?.__typename === 'ExternalRoom' ? data.node : undefined;
  // The section's rules live per domain; a member's login id ends with their domain's name.
  const domain = room ? domains.find((candidate) => room.memberLoginId.endsWith(`@${candidate.name}`)) : undefined;
  const setting = useSectionSetting(domain?.id, room?.kind ?? 'LINE');
  const loaded = room !== undefined;
  const messageCount = room?.messages.length ?? 0;

  useEffect(() => {
    if (loaded && focusOnLoad) headingRef.current?.focus();
  }, [loaded, focusOnLoad]);

  // Newest at the bottom, like a chat: keep it in view when messages arrive.
  useEffect(() => {
    const log = logRef.current;
    if (log && messageCount > 0) log.scrollTop = log.scrollHeight;
  }, [messageCount]);

  if (!room) {
    return (
      <section className="simulator-panel simulator-room" aria-label={t('simulator.room.messages')}>
        {fetching && !data ? (
          <PageLoading />
        ) : error?.networkError ? (
          <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
        ) : (
          <p className="simulator-room__placeholder">{t('simulator.room.notFound')}</p>
        )}
      </section>
    );
  }

  const open = room.status === 'OPEN';
  const section = t(`simulator.sections.${room.kind}`);
  const closedReason =
    room.closedReason === 'USE_STATUS_OFF' || room.closedReason === 'LINK_REMOVED'
      ? t(`simulator.room.closedReasons.${room.closedReason}`, { section })
      : t('simulator.room.closedReasons.other');

  return (
    <section className="simulator-panel simulator-room" aria-labelledby={`${id}-title`}>
      <header className="simulator-room__head">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="simulator-panel__title simulator-room__title">
          {t('simulator.rooms.pair', { contact: room.contact.displayName, member: room.memberName })}
        </h2>
        <div className="simulator-room__badges">
          <span className={`badge simulator-kind simulator-kind--${room.kind.toLowerCase()}`}>{t(`simulator.sections.${room.kind}`)}</span>
          <span className={`badge ${open ? 'simulator-tone--ok' : 'simulator-tone--neutral'}`}>
            {open ? t('simulator.rooms.open') : t('simulator.rooms.closed')}
          </span>
        </div>
      </header>
      <dl className="simulator-room__facts">
        <div>
          <dt>{t('simulator.room.contact')}</dt>
          <dd>
            {room.contact.displayName}
            <span className="simulator-room__sub">
              <code>{room.contact.externalId}</code> · {t(`simulator.languages.${room.contact.language}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('simulator.room.member')}</dt>
          <dd>
            {room.memberName}
            <span className="simulator-room__sub">
              <code>{room.memberLoginId}</code>
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('simulator.room.seenAs')}</dt>
          <dd>
            {room.memberNameForContact ?? <strong className="simulator-room__unknown">{t('simulator.room.unknown')}</strong>}
            <span className="simulator-room__sub">{t('simulator.room.seenAsHint')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('simulator.room.openedAt')}</dt>
          <dd>{dateTime(room.createdAt)}</dd>
        </div>
      </dl>
      {open && setting ? <SectionState setting={setting} /> : null}
      {open ? null : (
        <div className="simulator-closed" role="status">
          <p className="simulator-closed__title">{t('simulator.room.closedTitle')}</p>
          <p>{closedReason}</p>
          {room.closedAt ? <p className="simulator-closed__at">{t('simulator.room.closedAt', { at: dateTime(room.closedAt) })}</p> : null}
        </div>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling conversation must be reachable by keyboard to scroll it. */}
      <div ref={logRef} className="simulator-chat" role="log" aria-label={t('simulator.room.messages')} tabIndex={0}>
        {room.messages.length === 0 ? (
          <p className="simulator-chat__empty">{t('simulator.room.noMessages')}</p>
        ) : (
          <ol className="simulator-chat__list">
            {room.messages.map((message) => (
              <ChatMessage key={message.id} message={message} contactName={room.contact.displayName} memberName={room.memberName} />
            ))}
          </ol>
        )}
      </div>
      {open && canEdit ? (
        <Composer
          roomId={room.id}
          contactName={room.contact.displayName}
          memberName={room.memberName}
          restrictFiles={setting?.restrictFiles}
          onChanged={() => reexecute({ requestPolicy: 'network-only' })}
        />
      ) : open ? null : (
        <p className="simulator-note">{t('simulator.room.closedNoComposer')}</p>
      )}
    </section>
  );
}

function ChatMessage({ message, contactName, memberName }: { message: Message; contactName: string; memberName: string }) {
  const { t } = useTranslation();
  const { messageTime } = useDateTimeFormat();
  const who = message.sender === 'EXTERNAL' ? contactName : message.sender === 'MEMBER' ? memberName : t('simulator.room.senders.SYSTEM');
  return (
    <li className={`simulator-message simulator-message--${message.sender.toLowerCase()}`}>
      <span className="simulator-message__sender">
        {who}
        {message.sender === 'SYSTEM' ? null : <span className="visually-hidden"> ({t(`simulator.room.senders.${message.sender}`)})</span>}
      </span>
      <div className="simulator-message__bubble">
        {message.type === 'TEXT' ? (
          <p className="simulator-message__text">{message.text}</p>
        ) : (
          <p className="simulator-message__attachment">
            <MessageTypeIcon type={message.type} />
            <span>
              <span className="simulator-message__type">{t(`simulator.room.types.${message.type}`)}</span>
              {message.fileName ? <span className="simulator-message__file">{message.fileName}</span> : null}
            </span>
          </p>
        )}
      </div>
      <time className="simulator-message__time" dateTime={message.createdAt}>
        {messageTime(message.createdAt)}
      </time>
    </li>
  );
}
