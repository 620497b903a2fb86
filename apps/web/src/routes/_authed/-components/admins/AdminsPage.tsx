import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PlusIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { AdminCard, AdminCardFragment } from './AdminCard.tsx';
import { AdminForm, noAuthorities } from './AdminForm.tsx';

export const AdminsPageQuery = graphql(
  `
    query AdminsPage {
      admins {
        id
        ...AdminCard_admin
      }
    }
  `,
  [AdminCardFragment],
);

const CreateAdminMutation = graphql(
  `
    mutation CreateAdmin($input: MutationCreateAdminInput!) {
      createAdmin(input: $input) {
        __typename
        ... on MutationCreateAdminSuccess {
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

/** Everyone may see who administers the tenant; only the master administrator changes it. */
export function AdminsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [{ data, error }] = useQuery({ query: AdminsPageQuery });
  const [, createAdmin] = useMutation(CreateAdminMutation);
  const [creating, setCreating] = useState(false);
  const canManage = access?.isMaster ?? false;

  return (
    <section className="page admins" aria-labelledby="page-title">
      <header className="admins__header">
        <div>
          <h1 id="page-title" className="page__title">
            {t('nav.admins')}
          </h1>
          <p className="admins__intro">{t('admins.intro')}</p>
        </div>
        {canManage && !creating ? (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            {t('admins.add')}
          </button>
        ) : null}
      </header>
      {access && !canManage ? <FormAlert tone="info">{t('admins.readOnly')}</FormAlert> : null}
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {creating ? (
        <div className="admins-panel">
          <AdminForm
            mode="create"
            title={t('admins.createTitle')}
            initial={{ name: '', email: '', password: '', authorities: noAuthorities }}
            onSubmit={async (input) => {
              const result = await createAdmin({ input });
              return settle(t, result.data?.createAdmin, result.error, { CONFLICT: t('admins.duplicate') });
            }}
            onDone={() => setCreating(false)}
          />
        </div>
      ) : null}
      {data ? (
        <ul className="admins__list" aria-label={t('nav.admins')}>
          {data.admins.map((admin) => (
            <li key={admin.id}>
              <AdminCard admin={admin} canManage={canManage} isSelf={admin.id === access?.adminId} />
            </li>
          ))}
        </ul>
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}
