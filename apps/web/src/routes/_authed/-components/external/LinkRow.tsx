import { TALK_ID_MAX } from '@worksbase/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';

export const LinkRowFragment = graphql(`
  fragment LinkRow_link on ExternalLink {
    id
    memberId
    loginId
    talkId
    status
    failureCode
    suggestedTalkId
    attempts
    nextAttemptAt
    familyName
    givenName
    otherNames
    photoUrl
    departmentName
  }
`);

const RetryMutation = graphql(
  `
    mutation RetryExternalLink($input: MutationRetryExternalLinkInput!) {
      retryExternalLink(input: $input) {
        __typename
        ... on MutationRetryExternalLinkSuccess {
          link {
            id
            ...LinkRow_link
          }
        }
        ...MutationError
      }
    }
  `,
  [LinkRowFragment, MutationErrorFragment],
);

const SetTalkIdMutation = graphql(
  `
    mutation SetExternalTalkId($input: MutationSetExternalTalkIdInput!) {
      setExternalTalkId(input: $input) {
        __typename
        ... on MutationSetExternalTalkIdSuccess {
          link {
            id
            ...LinkRow_link
          }
        }
        ...MutationError
      }
    }
  `,
  [LinkRowFragment, MutationErrorFragment],
);

const statusTone = { AVAILABLE: 'success', PENDING: 'neutral', FAILED: 'danger', RETRY: 'warning' } as const;

interface LinkRowProps {
  link: FragmentOf<typeof LinkRowFragment>;
  canEdit: boolean;
  selected: Map<string, string>;
  onSelect: (memberId: string, name: string, on: boolean) => void;
}

/** A connected member: photo, names, department, talk id and link status with its fix. */
export function LinkRow({ link: data, canEdit, selected, onSelect }: LinkRowProps) {
  const { t, i18n } = useTranslation();
  const link = readFragment(LinkRowFragment, data);
  const name = `${link.familyName} ${link.givenName}`.trim();
  const [retry, runRetry] = useMutation(RetryMutation);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const status = link.status;

  async function doRetry() {
    setError(undefined);
    const result = await runRetry({ input: { id: link.id } });
    const outcome = settle(t, result.data?.retryExternalLink, result.error);
    if (!outcome.ok) setError(outcome.message);
  }

  const reason =
    status === 'FAILED' && link.failureCode
      ? t(`external.members.reasons.${link.failureCode as 'INVALID_CHARACTERS'}`, { defaultValue: link.failureCode })
      : status === 'RETRY'
        ? `${t('external.members.reasons.NETWORK')} ${link.nextAttemptAt ? t('external.members.nextAttempt', { time: new Date(link.nextAttemptAt).toLocaleTimeString(i18n.language) }) : t('external.members.reasons.manual')}`
        : null;

  return (
    <li className={`external-link external-link--${status.toLowerCase()}`}>
      {canEdit ? (
        // The label makes the whole 44 px square a target for the 22 px box.
        <label className="external-link__check">
          <input
            type="checkbox"
            aria-label={t('external.members.select', { name })}
            checked={selected.has(link.memberId)}
            onChange={(event) => onSelect(link.memberId, name, event.target.checked)}
          />
        </label>
      ) : null}
      <span className="external-link__avatar" aria-hidden="true">
        {link.photoUrl ? <img src={link.photoUrl} alt="" /> : link.familyName.slice(0, 1)}
      </span>
      <div className="external-link__main">
        <p className="external-link__name">
          {name}
          {link.otherNames.length > 0 ? <span className="external-link__other"> {link.otherNames.join(' / ')}</span> : null}
        </p>
        <p className="external-link__login">{link.loginId}</p>
        <p className="external-link__facts">
          {link.departmentName ? <span>{link.departmentName}</span> : null}
          <span>
            {t('external.members.talkId')}: <code>{link.talkId}</code>
          </span>
        </p>
        {reason ? <p className="external-link__reason">{reason}</p> : null}
        {error ? <FormAlert>{error}</FormAlert> : null}
        {editing ? (
          <TalkIdForm link={link} onDone={() => setEditing(false)} />
        ) : canEdit && (status === 'FAILED' || status === 'RETRY') ? (
          <div className="external-link__actions">
            {status === 'FAILED' ? (
              <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
                {t('external.members.setTalkId')}
              </button>
            ) : (
              <button type="button" className="button button--secondary" disabled={retry.fetching} onClick={() => void doRetry()}>
                {retry.fetching ? t('external.members.retrying') : t('external.members.retry')}
              </button>
            )}
          </div>
        ) : null}
      </div>
      <span className={`badge external-status external-status--${status.toLowerCase()} badge--${statusTone[status]}`}>{t(`external.members.status.${status}`)}</span>
    </li>
  );
}

/** Sets a talk id that can be used, offering the suggested one. */
function TalkIdForm({ link, onDone }: { link: { id: string; talkId: string; suggestedTalkId: string | null; familyName: string; givenName: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(link.suggestedTalkId ?? link.talkId);
  const [state, run] = useMutation(SetTalkIdMutation);
  const [error, setError] = useState<string>();

  async function save() {
    setError(undefined);
    const result = await run({ input: { id: link.id, talkId: value } });
    const outcome = settle(t, result.data?.setExternalTalkId, result.error);
    if (outcome.ok) onDone();
    else setError(outcome.fieldErrors.get('talkId')?.message ?? outcome.message);
  }

  return (
    <form
      className="external-talk-id"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <TextField
        label={t('external.members.setTalkIdTitle', { name: `${link.familyName} ${link.givenName}`.trim() })}
        hint={t('external.members.talkIdHint')}
        error={error}
        value={value}
        maxLength={TALK_ID_MAX + 10}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        onChange={(event) => setValue(event.target.value)}
      />
      <div className="external-talk-id__actions">
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {state.fetching ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
