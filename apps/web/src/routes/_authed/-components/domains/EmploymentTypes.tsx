import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { IconButton } from '../../../../components/IconButton.tsx';
import { EditIcon, PlusIcon, TrashIcon } from '../../../../components/icons.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, type ResultOf, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { NameForm } from './NameForm.tsx';

export const EmploymentTypesFragment = graphql(`
  fragment EmploymentTypes_employmentType on EmploymentType {
    id
    name
    memberCount
  }
`);

const CreateEmploymentTypeMutation = graphql(
  `
    mutation CreateEmploymentType($input: MutationCreateEmploymentTypeInput!) {
      createEmploymentType(input: $input) {
        __typename
        ... on MutationCreateEmploymentTypeSuccess {
          employmentType {
            id
            name
            memberCount
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const RenameEmploymentTypeMutation = graphql(
  `
    mutation RenameEmploymentType($input: MutationRenameEmploymentTypeInput!) {
      renameEmploymentType(input: $input) {
        __typename
        ... on MutationRenameEmploymentTypeSuccess {
          employmentType {
            id
            name
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const DeleteEmploymentTypeMutation = graphql(`
  mutation DeleteEmploymentType($input: MutationDeleteEmploymentTypeInput!) {
    deleteEmploymentType(input: $input) {
      __typename
      ... on MutationDeleteEmploymentTypeSuccess {
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

type EmploymentType = ResultOf<typeof EmploymentTypesFragment>;

interface EmploymentTypesProps {
  employmentTypes: readonly FragmentOf<typeof EmploymentTypesFragment>[];
  canEdit: boolean;
}

/** The tenant-wide list of employment types (full-time, contract, …) members can be given. */
export function EmploymentTypes({ employmentTypes: refs, canEdit }: EmploymentTypesProps) {
  const { t } = useTranslation();
  const employmentTypes = readFragment(EmploymentTypesFragment, refs);
  const [adding, setAdding] = useState(false);
  const [renamingId, setRenamingId] = useState<string>();
  const [deleting, setDeleting] = useState<EmploymentType>();
  const [deleteError, setDeleteError] = useState<string>();
  const [, createEmploymentType] = useMutation(CreateEmploymentTypeMutation);
  const [, renameEmploymentType] = useMutation(RenameEmploymentTypeMutation);
  const [{ fetching: deletePending }, deleteEmploymentType] = useMutation(DeleteEmploymentTypeMutation);

  async function handleDelete() {
    if (!deleting) return;
    const result = await deleteEmploymentType({ input: { id: deleting.id } });
    const settled = settle(t, result.data?.deleteEmploymentType, result.error);
    if (settled.ok) setDeleting(undefined);
    else setDeleteError(settled.message);
  }

  return (
    <section className="domains-panel domains-types" aria-labelledby="employment-types-title">
      <div className="domains-section-header">
        <h2 id="employment-types-title" className="domains-panel__title">
          {t('domains.employmentTypes.title')}
        </h2>
        {canEdit && !adding ? (
          <button type="button" className="button button--secondary button--small" onClick={() => setAdding(true)}>
            <PlusIcon />
            {t('domains.employmentTypes.add')}
          </button>
        ) : null}
      </div>
      <p className="domains-panel__intro">{t('domains.employmentTypes.intro')}</p>
      {adding ? (
        <NameForm
          label={t('domains.employmentTypes.name')}
          submitLabel={t('common.add')}
          maxLength={50}
          onSubmit={async (name) => {
            const result = await createEmploymentType({ input: { name } });
            return settle(t, result.data?.createEmploymentType, result.error, {
              CONFLICT: t('domains.employmentTypes.duplicate'),
            });
          }}
          onDone={() => setAdding(false)}
        />
      ) : null}
      {employmentTypes.length === 0 ? (
        <p className="domains-empty">{t('domains.employmentTypes.empty')}</p>
      ) : (
        <ul className="domains-types__list">
          {employmentTypes.map((type) => (
            <li key={type.id} className="domains-types__item">
              {renamingId === type.id ? (
                <NameForm
                  label={t('domains.employmentTypes.newName', { name: type.name })}
                  initialValue={type.name}
                  submitLabel={t('common.save')}
                  maxLength={50}
                  onSubmit={async (name) => {
                    const result = await renameEmploymentType({ input: { id: type.id, name } });
                    return settle(t, result.data?.renameEmploymentType, result.error, {
                      CONFLICT: t('domains.employmentTypes.duplicate'),
                    });
                  }}
                  onDone={() => setRenamingId(undefined)}
                />
              ) : (
                <div className="domains-tree__row">
                  <span className="domains-tree__label">
                    <span className="domains-tree__name">{type.name}</span>
                    <span className="domains-tree__count">{t('domains.memberCount', { count: type.memberCount })}</span>
                  </span>
                  {canEdit ? (
                    <span className="domains-tree__actions">
                      <IconButton
                        label={t('domains.employmentTypes.rename', { name: type.name })}
                        onClick={() => setRenamingId(type.id)}
                      >
                        <EditIcon />
                      </IconButton>
                      <IconButton
                        label={t('domains.employmentTypes.delete', { name: type.name })}
                        danger
                        onClick={() => {
                          setDeleteError(undefined);
                          setDeleting(type);
                        }}
                      >
                        <TrashIcon />
                      </IconButton>
                    </span>
                  ) : null}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      <ConfirmDialog
        open={deleting !== undefined}
        title={t('domains.employmentTypes.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        busyLabel={t('common.deleting')}
        busy={deletePending}
        error={deleteError}
        onConfirm={() => void handleDelete()}
        onCancel={() => setDeleting(undefined)}
      >
        <p>
          {deleting && deleting.memberCount > 0
            ? t('domains.employmentTypes.deleteBodyMembers', { count: deleting.memberCount })
            : t('domains.employmentTypes.deleteBody')}
        </p>
      </ConfirmDialog>
    </section>
  );
}
