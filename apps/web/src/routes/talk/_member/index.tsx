import { createFileRoute } from '@tanstack/react-router';
import { TalkListPage } from '../-components/TalkListPage.tsx';

export const Route = createFileRoute('/talk/_member/')({
  component: TalkListPage,
});
