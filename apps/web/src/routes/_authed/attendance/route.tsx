import { createFileRoute } from '@tanstack/react-router';
import { loadMessages } from '../../../i18n/i18n.ts';

// Every /attendance page needs its words before it renders, and the bots' (the linkage form
// words a refused callback URL as the bot form does).
export const Route = createFileRoute('/_authed/attendance')({
  beforeLoad: async () => {
    await Promise.all([loadMessages('attendance'), loadMessages('bots')]);
  },
});
