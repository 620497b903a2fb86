import { createFileRoute } from '@tanstack/react-router';
import { TalkGroupNewPage } from '../../-components/TalkGroupNewPage.tsx';

export const Route = createFileRoute('/talk/_member/groups/new')({
  component: TalkGroupNewPage,
});
