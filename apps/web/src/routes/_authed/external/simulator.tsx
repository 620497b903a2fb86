import { createFileRoute } from '@tanstack/react-router';
import { optionalText, searchParams } from '../../../lib/search.ts';
import { loadAccess } from '../../../graphql/access.ts';
import { SimulatorRoomsQuery, roomsVariables } from '../-components/external/simulator/RoomList.tsx';
import { SimulatorRoomQuery } from '../-components/external/simulator/RoomView.tsx';
import { SimulatorDomainsQuery, SimulatorPage } from '../-components/external/simulator/SimulatorPage.tsx';

const searchSchema = searchParams({ room: optionalText(200) });

export const Route = createFileRoute('/_authed/external/simulator')({
  // The room shown, so that a reload or a shared link opens the same conversation.
  validateSearch: searchSchema,
  loaderDeps: ({ search }) => ({ room: search.room }),
  loader: async ({ context, deps }) => {
    const client = context.graphql.current();
    const access = await loadAccess(client);
    if (!access?.canView('external')) return;
    await Promise.all([
      client.query(SimulatorDomainsQuery, {}).toPromise(),
      client.query(SimulatorRoomsQuery, roomsVariables).toPromise(),
      deps.room ? client.query(SimulatorRoomQuery, { id: deps.room }).toPromise() : null,
    ]);
  },
  component: SimulatorRoute,
});

function SimulatorRoute() {
  const { room } = Route.useSearch();
  return <SimulatorPage roomId={room} />;
}
