import { useNavigate, useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DocumentInput, useMutation } from 'urql';
import { combinedErrorMessage } from '../i18n/errors.ts';

/**
 * Signing out of the admin console or the talk view with `mutation` (it takes no variables): then a
 * fresh GraphQL client, which drops everything cached for the session, and the sign-in page `to`.
 * A failure stays as `error`, to show.
 */
export function useSignOut<Data>(mutation: DocumentInput<Data, Record<string, never>>, to: '/login' | '/talk/login') {
  const { t } = useTranslation();
  const router = useRouter();
  const navigate = useNavigate();
  const [{ fetching }, run] = useMutation(mutation);
  const [error, setError] = useState<string>();

  async function signOut() {
    setError(undefined);
    const result = await run({});
    if (result.error) {
      setError(combinedErrorMessage(t, result.error));
      return;
    }
    router.options.context.graphql.reset();
    await navigate({ to });
  }

  return { signingOut: fetching, error, signOut: () => void signOut() };
}
