import { createFileRoute } from '@tanstack/react-router';
import { loadMessages } from '../../../i18n/i18n.ts';

// Every /external page needs the external messaging's and the simulator's words before it renders.
export const Route = createFileRoute('/_authed/external')({
  beforeLoad: async () => {
    await Promise.all([loadMessages('external')]);
  },
});
