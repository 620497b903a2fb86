import { createFileRoute } from '@tanstack/react-router';
import { TalkGroupRoomPage } from '../../-components/TalkGroupRoomPage.tsx';

export const Route = createFileRoute('/talk/_member/groups/$channelId')({
  component: TalkGroupRoomRoute,
});

function TalkGroupRoomRoute() {
  const { channelId } = Route.useParams();
  return <TalkGroupRoomPage key={channelId} channelId={channelId} />;
}
