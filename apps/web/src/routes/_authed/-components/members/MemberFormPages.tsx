import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { graphql } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { useCanEditMembers } from './authority.ts';
import { BackLink } from './BackLink.tsx';
import { useMemberDirectory } from './directory.ts';
import { MemberForm, MemberFormFragment } from './MemberForm.tsx';
import { MemberNotFound } from './MemberNotFound.tsx';

export const MemberEditQuery = graphql(
  `
    query MemberEdit($id: ID!) {
      member(id: $id) {
        id
        ...MemberForm_member
      }
    }
  `,
  [MemberFormFragment],
);

const editRoute = getRouteApi('/_authed/members/$memberId/edit');

export function NewMemberPage() {
  const { t } = useTranslation();
  const { directory, error } = useMemberDirectory();
  const canEdit = useCanEditMembers();
  return (
    <FormPage title={t('members.form.createTitle')}>
      {!canEdit ? (
        <FormAlert tone="info">{t('members.viewOnly')}</FormAlert>
      ) : directory ? (
        directory.domains.length === 0 ? (
          <FormAlert tone="info">{t('members.form.noDomains')}</FormAlert>
        ) : (
          <MemberForm mode="create" directory={directory} />
        )
      ) : error ? (
        <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
      ) : (
        <PageLoading />
      )}
    </FormPage>
  );
}

export function EditMemberPage() {
  const { t } = useTranslation();
  const { memberId } = editRoute.useParams();
  const [{ data, error }] = useQuery({ query: MemberEditQuery, variables: { id: memberId } });
  const { directory, error: directoryError } = useMemberDirectory();
  const canEdit = useCanEditMembers();
  const failure = error?.networkError ? error : directoryError;
  if (failure) {
    return (
      <FormPage title={t('members.form.editTitle')}>
        <FormAlert>{combinedErrorMessage(t, failure)}</FormAlert>
      </FormPage>
    );
  }
  if ((!data && !error) || !directory) return <PageLoading />;
  if (!data?.member) return <MemberNotFound />;
  return (
    <FormPage title={t('members.form.editTitle')}>
      {canEdit ? (
        <MemberForm mode="edit" directory={directory} member={data.member} />
      ) : (
        <FormAlert tone="info">{t('members.viewOnly')}</FormAlert>
      )}
    </FormPage>
  );
}

function FormPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="page members-form-page" aria-labelledby="page-title">
      <BackLink />
      <h1 id="page-title" className="page__title">
        {title}
      </h1>
      <div className="card">{children}</div>
    </section>
  );
}
