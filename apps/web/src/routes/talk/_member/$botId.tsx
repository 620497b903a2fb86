import { createFileRoute } from '@tanstack/react-router';
import { TalkRoomPage } from '../-components/TalkRoomPage.tsx';

export const Route = createFileRoute('/talk/_member/$botId')({
  component: TalkRoomRoute,
});

function TalkRoomRoute() {
  const { botId } = Route.useParams();
  return <TalkRoomPage key={botId} botId={botId} />;
}
