import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DeleteDialog } from '../../../../components/DeleteDialog.tsx';
import { EditDeleteButtons } from '../../../../components/IconButton.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, type ResultOf, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { NameForm } from './NameForm.tsx';
import { AddButton, NamedRow } from './NamedRow.tsx';

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
            ...EmploymentTypes_employmentType
          }
        }
        ...MutationError
      }
    }
  `,
  [EmploymentTypesFragment, MutationErrorFragment],
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

const DeleteEmploymentTypeMutation = graphql(
  `
    mutation DeleteEmploymentType($input: MutationDeleteEmploymentTypeInput!) {
      deleteEmploymentType(input: $input) {
        __typename
        ... on MutationDeleteEmploymentTypeSuccess {
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
  const [, createEmploymentType] = useMutation(CreateEmploymentTypeMutation);
  const [, renameEmploymentType] = useMutation(RenameEmploymentTypeMutation);
  const [, deleteEmploymentType] = useMutation(DeleteEmploymentTypeMutation);

  return (
    <section className="domains-panel domains-types" aria-labelledby="employment-types-title">
      <div className="domains-section-header">
        <h2 id="employment-types-title" className="domains-panel__title">
          {t('domains.employmentTypes.title')}
        </h2>
        {canEdit && !adding ? <AddButton label={t('domains.employmentTypes.add')} onClick={() => setAdding(true)} /> : null}
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
                <NamedRow name={type.name} memberCount={type.memberCount}>
                  {canEdit ? (
                    <EditDeleteButtons
                      editLabel={t('domains.employmentTypes.rename', { name: type.name })}
                      deleteLabel={t('domains.employmentTypes.delete', { name: type.name })}
                      onEdit={() => setRenamingId(type.id)}
                      onDelete={() => setDeleting(type)}
                    />
                  ) : null}
                </NamedRow>
              )}
            </li>
          ))}
        </ul>
      )}

      <DeleteDialog
        open={deleting !== undefined}
        title={t('domains.employmentTypes.deleteTitle', { name: deleting?.name ?? '' })}
        onConfirm={async () => {
          const result = await deleteEmploymentType({ input: { id: deleting?.id ?? '' } });
          return settle(t, result.data?.deleteEmploymentType, result.error);
        }}
        onClose={() => setDeleting(undefined)}
      >
        <p>
          {deleting && deleting.memberCount > 0
            ? t('domains.employmentTypes.deleteBodyMembers', { count: deleting.memberCount })
            : t('domains.employmentTypes.deleteBody')}
        </p>
      </DeleteDialog>
    </section>
  );
}
