import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { graphql } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage, errorMessage, type FieldErrorLike, fieldErrorMessage, fieldErrorsByName } from '../../../../i18n/errors.ts';

const CanSignInQuery = graphql(`
  query MemberCanSignIn($id: ID!) {
    node(id: $id) {
      __typename
      ... on Member {
        id
        canSignIn
      }
    }
  }
`);

const SetMemberPasswordMutation = graphql(`
  mutation SetMemberPassword($input: MutationSetMemberPasswordInput!) {
    setMemberPassword(input: $input) {
      __typename
      ... on MutationSetMemberPasswordSuccess {
        member {
          id
          canSignIn
        }
      }
      ... on ValidationError {
        code
        message
        fieldErrors {
          path
          code
          message
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

/** Whether the member can sign in to the talk view; admins who edit members set or remove the password. */
export function TalkSignIn({ memberId, canEdit }: { memberId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: CanSignInQuery, variables: { id: memberId } });
  const [{ fetching }, setPassword] = useMutation(SetMemberPasswordMutation);
  const [password, setPasswordValue] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string }>();
  const node = data?.node;
  const canSignIn = node?.__typename === 'Member' ? node.canSignIn : undefined;

  async function save(value: string | null) {
    setNotice(undefined);
    setFieldErrors(new Map());
    const result = await setPassword({ input: { id: memberId, password: value } });
    const outcome = result.data?.setMemberPassword;
    if (!outcome) {
      setNotice({ tone: 'error', text: result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected') });
      return;
    }
    if (outcome.__typename === 'MutationSetMemberPasswordSuccess') {
      setPasswordValue('');
      setNotice({ tone: 'info', text: value === null ? t('talk.admin.removed') : t('talk.admin.saved') });
      return;
    }
    if (outcome.__typename === 'ValidationError') setFieldErrors(fieldErrorsByName(outcome.fieldErrors));
    setNotice({ tone: 'error', text: errorMessage(t, outcome) });
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(password);
  }

  const error = fieldErrors.get('password');
  return (
    <section className="card members-talk" aria-labelledby="members-talk-title">
      <h2 id="members-talk-title" className="members-section-title">
        {t('talk.admin.title')}
      </h2>
      <p className="members-talk__intro">{t('talk.admin.intro', { url: `${window.location.origin}/talk` })}</p>
      {canSignIn === undefined ? null : (
        <p className={`badge ${canSignIn ? 'badge--success' : 'badge--neutral'}`}>{canSignIn ? t('talk.admin.canSignIn') : t('talk.admin.cannotSignIn')}</p>
      )}
      {notice ? <FormAlert tone={notice.tone}>{notice.text}</FormAlert> : null}
      {canEdit ? (
        <form className="form members-talk__form" onSubmit={handleSubmit} noValidate>
          <TextField
            label={t('talk.admin.password')}
            hint={t('talk.admin.passwordHint')}
            name="talkPassword"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPasswordValue(event.target.value)}
            error={error ? fieldErrorMessage(t, error, password) : undefined}
          />
          <div className="members-talk__actions">
            <button type="submit" className="button button--primary" disabled={fetching || password === ''}>
              {fetching ? t('talk.admin.setting') : t('talk.admin.set')}
            </button>
            {canSignIn ? (
              <button type="button" className="button button--danger-outline" disabled={fetching} onClick={() => void save(null)}>
                {t('talk.admin.remove')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
