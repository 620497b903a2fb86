import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage, errorMessage } from '../../../../i18n/errors.ts';
import { useCanEditMembers } from './authority.ts';
import { BackLink } from './BackLink.tsx';
import { MemberNotFound } from './MemberNotFound.tsx';
import { MemberStatusBadge } from './MemberStatusBadge.tsx';
import { ShareCards } from './ShareCards.tsx';
import { TalkSignIn } from './TalkSignIn.tsx';
import { englishName, primaryName, readingName } from './names.ts';
import { useDateTimeFormat } from './useDateTimeFormat.ts';

export const MemberDetailFragment = graphql(`
  fragment MemberDetail_member on Member {
    id
    loginId
    userId
    familyName
    givenName
    familyNameReading
    givenNameReading
    i18nNames {
      language
      familyName
      givenName
    }
    nickname
    email
    photoUrl
    status
    domain {
      id
      name
      displayName
    }
    orgUnit {
      id
      name
    }
    employmentType {
      id
      name
    }
    createdAt
    updatedAt
  }
`);

export const MemberDetailQuery = graphql(
  `
    query MemberDetail($id: ID!) {
      member(id: $id) {
        id
        ...MemberDetail_member
      }
    }
  `,
  [MemberDetailFragment],
);

const SuspendMemberMutation = graphql(`
  mutation SuspendMember($input: MutationSuspendMemberInput!) {
    suspendMember(input: $input) {
      __typename
      ... on MutationSuspendMemberSuccess {
        member {
          id
          status
          updatedAt
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

const ResumeMemberMutation = graphql(`
  mutation ResumeMember($input: MutationResumeMemberInput!) {
    resumeMember(input: $input) {
      __typename
      ... on MutationResumeMemberSuccess {
        member {
          id
          status
          updatedAt
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

const DeleteMemberMutation = graphql(`
  mutation DeleteMember($input: MutationDeleteMemberInput!) {
    deleteMember(input: $input) {
      __typename
      ... on MutationDeleteMemberSuccess {
        result {
          deletedId
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

const route = getRouteApi('/_authed/members/$memberId/');

export function MemberDetailPage() {
  const { t } = useTranslation();
  const { memberId } = route.useParams();
  const [{ data, error }] = useQuery({ query: MemberDetailQuery, variables: { id: memberId } });

  if (!data) {
    if (!error) return <PageLoading />;
    if (error.networkError) {
      return (
        <section className="page" aria-labelledby="page-title">
          <h1 id="page-title" className="page__title">
            {t('members.detail.title')}
          </h1>
          <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
        </section>
      );
    }
  }
  // Unknown ids, ids of another tenant and malformed ids all read as "not found".
  if (!data?.member) return <MemberNotFound />;
  return <MemberDetail member={data.member} />;
}

function MemberDetail({ member: memberRef }: { member: FragmentOf<typeof MemberDetailFragment> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canEdit = useCanEditMembers();
  const formatDateTime = useDateTimeFormat();
  const member = readFragment(MemberDetailFragment, memberRef);
  const [{ fetching: suspending }, suspend] = useMutation(SuspendMemberMutation);
  const [{ fetching: resuming }, resume] = useMutation(ResumeMemberMutation);
  const [{ fetching: deleting }, remove] = useMutation(DeleteMemberMutation);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string }>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // Suspending locks the member out: asked first. Resuming gives access back and is not.
  const [confirmingSuspend, setConfirmingSuspend] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const name = primaryName(member);
  const en = englishName(member);
  const suspended = member.status === 'SUSPENDED';

  async function toggleStatus() {
    setNotice(undefined);
    const input = { id: member.id };
    const result = suspended ? await resume({ input }) : await suspend({ input });
    const outcome = result.data ? ('resumeMember' in result.data ? result.data.resumeMember : result.data.suspendMember) : undefined;
    if (!outcome) {
      setNotice({ tone: 'error', text: result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected') });
    } else if ('code' in outcome) {
      setNotice({ tone: 'error', text: errorMessage(t, outcome) });
    } else {
      setNotice({ tone: 'info', text: t(suspended ? 'members.detail.resumed' : 'members.detail.suspended') });
    }
    setConfirmingSuspend(false);
  }

  async function handleDelete() {
    setDeleteError(undefined);
    const result = await remove({ input: { id: member.id } });
    const outcome = result.data?.deleteMember;
    if (!outcome) {
      setDeleteError(result.error ? combinedErrorMessage(t, result.error) : t('errors.unexpected'));
      return;
    }
    if (outcome.__typename === 'MutationDeleteMemberSuccess') {
      setConfirmingDelete(false);
      await navigate({ to: '/members', replace: true });
      return;
    }
    setDeleteError(errorMessage(t, outcome));
  }

  return (
    <section className="page members-detail" aria-labelledby="page-title">
      <BackLink />
      <div className="card members-profile">
        <div className="members-profile__head">
          <MemberAvatar name={name} photoUrl={member.photoUrl} />
          <div className="members-profile__names">
            <h1 id="page-title" className="members-profile__name">
              {name}
            </h1>
            {en ? (
              <p className="members-profile__name-en" lang="en">
                {en}
              </p>
            ) : null}
            <p className="members-profile__login">{member.loginId}</p>
            <MemberStatusBadge status={member.status} />
          </div>
        </div>
        {notice ? <FormAlert tone={notice.tone}>{notice.text}</FormAlert> : null}
        {canEdit ? (
          <div className="members-profile__actions">
            <Link
              to="/members/$memberId/edit"
              params={{ memberId: member.id }}
              className="button button--primary"
            >
              {t('members.detail.edit')}
            </Link>
            <button
              type="button"
              className="button button--secondary"
              disabled={suspending || resuming}
              onClick={() => (suspended ? void toggleStatus() : setConfirmingSuspend(true))}
            >
              {suspended ? t('members.detail.resume') : t('members.detail.suspend')}
            </button>
            <button type="button" className="button button--danger-outline" onClick={() => setConfirmingDelete(true)}>
              {t('members.detail.delete')}
            </button>
          </div>
        ) : null}
      </div>

      <div className="card members-facts">
        <h2 className="members-section-title">{t('members.detail.profile')}</h2>
        <dl className="members-facts__list">
          <Fact label={t('members.fields.loginId')} value={member.loginId} mono />
          <Fact label={t('members.fields.reading')} value={readingName(member)} />
          <Fact label={t('members.fields.nameEn')} value={en} lang="en" />
          <Fact label={t('members.fields.nickname')} value={member.nickname} />
          <Fact label={t('members.fields.email')} value={member.email} />
          <Fact label={t('members.fields.domain')} value={`${member.domain.displayName} (${member.domain.name})`} />
          <Fact label={t('members.fields.orgUnit')} value={member.orgUnit?.name} />
          <Fact label={t('members.fields.employmentType')} value={member.employmentType?.name} />
          <Fact label={t('members.fields.status')} value={t(`members.status.${member.status}`)} />
          <Fact label={t('members.fields.userId')} value={member.userId} mono hint={t('members.detail.userIdHint')} />
          <Fact label={t('members.fields.createdAt')} value={formatDateTime(member.createdAt)} />
          <Fact label={t('members.fields.updatedAt')} value={formatDateTime(member.updatedAt)} />
        </dl>
      </div>

      <ShareCards memberId={member.id} />

      <TalkSignIn memberId={member.id} canEdit={canEdit} />

      {canEdit ? (
        <ConfirmDialog
          open={confirmingSuspend}
          title={t('members.suspendConfirm.title')}
          confirmLabel={t('members.suspendConfirm.confirm')}
          busyLabel={t('members.suspendConfirm.busy')}
          busy={suspending}
          onConfirm={() => void toggleStatus()}
          onCancel={() => setConfirmingSuspend(false)}
        >
          <p>{t('members.suspendConfirm.body', { name, loginId: member.loginId })}</p>
        </ConfirmDialog>
      ) : null}
      {canEdit ? (
        <ConfirmDialog
          open={confirmingDelete}
          title={t('members.delete.title')}
          confirmLabel={t('members.delete.confirm')}
          busyLabel={t('members.delete.deleting')}
          busy={deleting}
          error={deleteError}
          onConfirm={() => void handleDelete()}
          onCancel={() => {
            setConfirmingDelete(false);
            setDeleteError(undefined);
          }}
        >
          <p>{t('members.delete.body', { name, loginId: member.loginId })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

interface FactProps {
  label: string;
  value: string | null | undefined;
  mono?: boolean;
  lang?: string;
  hint?: string;
}

function Fact({ label, value, mono = false, lang, hint }: FactProps) {
  const { t } = useTranslation();
  return (
    <div className="members-facts__item">
      <dt>{label}</dt>
      <dd className={mono ? 'members-facts__mono' : undefined} lang={value ? lang : undefined}>
        {value || <span className="members-facts__unset">{t('members.detail.unset')}</span>}
        {hint ? <span className="members-facts__hint">{hint}</span> : null}
      </dd>
    </div>
  );
}

function MemberAvatar({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  if (photoUrl) return <img className="members-avatar" src={photoUrl} alt="" width={56} height={56} />;
  return (
    <span className="members-avatar" aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
