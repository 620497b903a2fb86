import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../../components/PageLoading.tsx';
import { useAccess, useIsDemoTenant } from '../../../../../graphql/access.ts';
import { graphql, type ResultOf } from '../../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../../i18n/errors.ts';
import { FaultsForm } from './FaultsForm.tsx';
import { FriendAddForm } from './FriendAddForm.tsx';
import { RoomList, roomsVariables, SimulatorRoomsQuery } from './RoomList.tsx';
import { RoomView } from './RoomView.tsx';

/** Domains readable with external-messaging authority alone (`domains` needs member authority). */
export const SimulatorDomainsQuery = graphql(`
  query SimulatorDomains {
    externalDomains {
      id
      name
      displayName
    }
  }
`);

export type SimulatorDomain = ResultOf<typeof SimulatorDomainsQuery>['externalDomains'][number];

/**
 * The external-messaging simulator: an admin plays the external person (friend add, messages) and
 * the member (replies) to try the rules, and can make provisioning fail as a network fault would.
 */
export function SimulatorPage({ roomId }: { roomId: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const access = useAccess();
  const isDemo = useIsDemoTenant();
  const canView = (access?.canView('external') ?? false) && isDemo === true;
  const [{ data, error }] = useQuery({ query: SimulatorDomainsQuery, pause: !canView });

  if (!access || isDemo === undefined) return <PageLoading />;
  if (!isDemo) return <NoAuthority title={t('simulator.title')} reason={t('simulator.demoOnly')} />;
  if (!canView) return <NoAuthority title={t('simulator.title')} reason={t('simulator.noAuthority')} />;
  const canEdit = access.canEdit('external');
  const domains = data?.externalDomains ?? [];

  function showRoom(id: string) {
    // A new room heads the list (newest first).
    void client.query(SimulatorRoomsQuery, roomsVariables, { requestPolicy: 'network-only' }).toPromise();
    void navigate({ to: '/external/simulator', search: { room: id }, resetScroll: false });
  }

  return (
    <section className="page simulator" aria-labelledby="page-title">
      <header className="simulator__header">
        <h1 id="page-title" className="page__title">
          {t('simulator.title')}
        </h1>
        <p className="simulator__intro">{t('simulator.intro')}</p>
      </header>
      {canEdit ? null : <FormAlert tone="info">{t('simulator.readOnly')}</FormAlert>}
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      <div className={canEdit ? 'simulator__layout' : 'simulator__layout simulator__layout--read-only'}>
        {canEdit ? (
          data ? (
            <FriendAddForm domains={domains} onOpened={showRoom} />
          ) : error ? null : (
            <PageLoading />
          )
        ) : null}
        <RoomList />
        <RoomView roomId={roomId} domains={domains} canEdit={canEdit} />
        {canEdit ? <FaultsForm /> : null}
      </div>
    </section>
  );
}
