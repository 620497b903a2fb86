import { authorityAreas } from '@worksbase/schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DeleteDialog } from '../../../../components/DeleteDialog.tsx';
import { EditDeleteButtons } from '../../../../components/IconButton.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { AdminForm, authoritiesInput } from './AdminForm.tsx';
import { AuthorityBadge } from './AuthorityBadge.tsx';

export const AdminCardFragment = graphql(`
  fragment AdminCard_admin on Admin {
    id
    email
    name
    role
    createdAt
    authorities {
      members
      bots
      external
      attendance
      audit
    }
  }
`);

const UpdateAdminMutation = graphql(
  `
    mutation UpdateAdmin($input: MutationUpdateAdminInput!) {
      updateAdmin(input: $input) {
        __typename
        ... on MutationUpdateAdminSuccess {
          admin {
            id
            ...AdminCard_admin
          }
        }
        ...MutationError
      }
    }
  `,
  [AdminCardFragment, MutationErrorFragment],
);

const DeleteAdminMutation = graphql(
  `
    mutation DeleteAdmin($input: MutationDeleteAdminInput!) {
      deleteAdmin(input: $input) {
        __typename
        ... on MutationDeleteAdminSuccess {
          result {
            deletedId
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

interface AdminCardProps {
  admin: FragmentOf<typeof AdminCardFragment>;
  /** Only the master administrator signed in may change other administrators. */
  canManage: boolean;
  isSelf: boolean;
}

export function AdminCard({ admin: adminRef, canManage, isSelf }: AdminCardProps) {
  const { t, i18n } = useTranslation();
  const admin = readFragment(AdminCardFragment, adminRef);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [, updateAdmin] = useMutation(UpdateAdminMutation);
  const [, deleteAdmin] = useMutation(DeleteAdminMutation);
  const isMasterAdmin = admin.role === 'MASTER';
  const titleId = `admin-${admin.id}`;
  const created = new Date(admin.createdAt).toLocaleDateString(i18n.resolvedLanguage, { dateStyle: 'medium' });

  return (
    <article className="admins-card" aria-labelledby={titleId}>
      <div className="admins-card__identity">
        <h2 id={titleId} className="admins-card__name">
          {admin.name}
          {isSelf ? <span className="admins-card__self">{t('admins.you')}</span> : null}
        </h2>
        <p className="admins-card__email">{admin.email}</p>
        <p className="admins-card__meta">
          <span className={`badge admins-role admins-role--${admin.role.toLowerCase()}`}>{t(`admins.roles.${admin.role}`)}</span>
          <span>{t('admins.createdAt', { date: created })}</span>
        </p>
      </div>
      <dl className="admins-card__matrix" aria-label={t('admins.authorityOf', { name: admin.name })}>
        {authorityAreas.map((area) => (
          <div key={area} className="admins-card__cell">
            <dt>{t(`admins.areas.${area}`)}</dt>
            <dd>
              <AuthorityBadge level={admin.authorities[area]} />
            </dd>
          </div>
        ))}
      </dl>
      {canManage && !isMasterAdmin ? (
        <div className="admins-card__actions">
          <EditDeleteButtons
            editLabel={t('admins.edit', { name: admin.name })}
            deleteLabel={t('admins.delete', { name: admin.name })}
            editing={editing}
            onEdit={() => setEditing((open) => !open)}
            onDelete={() => setConfirming(true)}
          />
        </div>
      ) : null}
      {editing ? (
        <div className="admins-card__edit">
          <AdminForm
            mode="edit"
            title={t('admins.editTitle', { name: admin.name })}
            initial={{ name: admin.name, email: admin.email, password: '', authorities: authoritiesInput(admin.authorities) }}
            onSubmit={async ({ name, authorities }) => {
              const result = await updateAdmin({ input: { id: admin.id, name, authorities } });
              return settle(t, result.data?.updateAdmin, result.error);
            }}
            onDone={() => setEditing(false)}
          />
        </div>
      ) : null}
      <DeleteDialog
        open={confirming}
        title={t('admins.deleteTitle', { name: admin.name })}
        onConfirm={async () => {
          const result = await deleteAdmin({ input: { id: admin.id } });
          return settle(t, result.data?.deleteAdmin, result.error);
        }}
        onClose={() => setConfirming(false)}
      >
        <p>{t('admins.deleteBody', { email: admin.email })}</p>
      </DeleteDialog>
    </article>
  );
}
