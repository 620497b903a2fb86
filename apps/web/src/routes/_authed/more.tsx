import { createFileRoute } from '@tanstack/react-router';
import { MorePage } from './-components/MorePage.tsx';

export const Route = createFileRoute('/_authed/more')({
  component: MorePage,
});
