import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { graphql } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { useDateTimeFormat } from './format.ts';

export const SimulatorRoomsQuery = graphql(`
  query SimulatorRooms($first: Int!) {
    externalRooms(first: $first) {
      edges {
        node {
          id
          kind
          status
          createdAt
          memberName
          contact {
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const roomsVariables = { first: 50 };

/** Rooms with external people, newest first; choosing one shows it (kept in the URL). */
export function RoomList() {
  const { t } = useTranslation();
  const id = useId();
  const { dateTime: formatDateTime } = useDateTimeFormat();
  const [{ data, error }] = useQuery({ query: SimulatorRoomsQuery, variables: roomsVariables });
  const rooms = data?.externalRooms.edges.map((edge) => edge.node) ?? [];

  return (
    <section className="simulator-panel simulator-rooms" aria-labelledby={`${id}-title`}>
      <div className="simulator-panel__head">
        <h2 id={`${id}-title`} className="simulator-panel__title">
          {t('simulator.rooms.title')}
        </h2>
        <p className="simulator-panel__intro">{t('simulator.rooms.intro')}</p>
      </div>
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {!data ? (
        error ? null : (
          <PageLoading />
        )
      ) : rooms.length === 0 ? (
        <p className="page__empty">{t('simulator.rooms.empty')}</p>
      ) : (
        <ul className="simulator-rooms__list">
          {rooms.map((room) => {
            const pair = t('simulator.rooms.pair', { contact: room.contact.displayName, member: room.memberName });
            const open = room.status === 'OPEN';
            return (
              <li key={room.id}>
                <Link
                  to="/external/simulator"
                  search={{ room: room.id }}
                  resetScroll={false}
                  // The router marks the shown room (aria-current="page"): its id is the only difference.
                  activeOptions={{ includeSearch: true }}
                  className="simulator-rooms__item"
                >
                  <span className="simulator-rooms__pair">{pair}</span>
                  <span className="simulator-rooms__meta">
                    <span className={`badge simulator-kind simulator-kind--${room.kind.toLowerCase()}`}>{t(`simulator.sectionsShort.${room.kind}`)}</span>
                    <span className={`badge ${open ? 'simulator-tone--ok' : 'simulator-tone--neutral'}`}>
                      {open ? t('simulator.rooms.open') : t('simulator.rooms.closed')}
                    </span>
                    <time className="simulator-rooms__time" dateTime={room.createdAt}>
                      {formatDateTime(room.createdAt)}
                    </time>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {data?.externalRooms.pageInfo.hasNextPage ? (
        <p className="simulator-note">{t('simulator.rooms.newestShown', { count: rooms.length })}</p>
      ) : null}
    </section>
  );
}
