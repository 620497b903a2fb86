import { createFileRoute } from '@tanstack/react-router';
import { loadMessages } from '../../../i18n/i18n.ts';

// Every /bots page needs the bots' and the API apps' words before it renders.
export const Route = createFileRoute('/_authed/bots')({
  beforeLoad: async () => {
    await Promise.all([loadMessages('bots')]);
  },
});
