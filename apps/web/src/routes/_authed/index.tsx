import { createFileRoute, redirect } from '@tanstack/react-router';
import { afterSignIn } from '../../lib/redirect.ts';

export const Route = createFileRoute('/_authed/')({
  beforeLoad: () => {
    throw redirect({ to: afterSignIn });
  },
});
