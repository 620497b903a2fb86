import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DeleteDialog } from '../../../../components/DeleteDialog.tsx';
import { EditDeleteButtons, IconButton } from '../../../../components/IconButton.tsx';
import { PlusIcon } from '../../../../components/icons.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, type ResultOf, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { NameForm } from './NameForm.tsx';
import { AddButton, NamedRow } from './NamedRow.tsx';

export const DepartmentTreeFragment = graphql(`
  fragment DepartmentTree_orgUnit on OrgUnit {
    id
    name
    memberCount
    parent {
      id
    }
  }
`);

const CreateOrgUnitMutation = graphql(
  `
    mutation CreateOrgUnit($input: MutationCreateOrgUnitInput!) {
      createOrgUnit(input: $input) {
        __typename
        ... on MutationCreateOrgUnitSuccess {
          orgUnit {
            id
            ...DepartmentTree_orgUnit
          }
        }
        ...MutationError
      }
    }
  `,
  [DepartmentTreeFragment, MutationErrorFragment],
);

const RenameOrgUnitMutation = graphql(
  `
    mutation RenameOrgUnit($input: MutationRenameOrgUnitInput!) {
      renameOrgUnit(input: $input) {
        __typename
        ... on MutationRenameOrgUnitSuccess {
          orgUnit {
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

const DeleteOrgUnitMutation = graphql(
  `
    mutation DeleteOrgUnit($input: MutationDeleteOrgUnitInput!) {
      deleteOrgUnit(input: $input) {
        __typename
        ... on MutationDeleteOrgUnitSuccess {
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

type OrgUnit = ResultOf<typeof DepartmentTreeFragment>;
type Editing = { kind: 'add'; parentId: string | null } | { kind: 'rename'; id: string } | null;

/** Departments keyed by parent; a unit whose parent is not in the list shows at the top level. */
function childrenByParent(units: readonly OrgUnit[]): Map<string | null, OrgUnit[]> {
  const ids = new Set(units.map((unit) => unit.id));
  const byParent = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    const parentId = unit.parent && ids.has(unit.parent.id) ? unit.parent.id : null;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), unit]);
  }
  return byParent;
}

interface DepartmentTreeProps {
  domainId: string;
  orgUnits: readonly FragmentOf<typeof DepartmentTreeFragment>[];
  canEdit: boolean;
}

export function DepartmentTree({ domainId, orgUnits: orgUnitRefs, canEdit }: DepartmentTreeProps) {
  const { t } = useTranslation();
  const orgUnits = readFragment(DepartmentTreeFragment, orgUnitRefs);
  const byParent = childrenByParent(orgUnits);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<OrgUnit>();
  const [, createOrgUnit] = useMutation(CreateOrgUnitMutation);
  const [, renameOrgUnit] = useMutation(RenameOrgUnitMutation);
  const [, deleteOrgUnit] = useMutation(DeleteOrgUnitMutation);
  const headingId = `departments-${domainId}`;

  function addForm(parentId: string | null) {
    return (
      <NameForm
        label={t('domains.departments.name')}
        submitLabel={t('common.add')}
        onSubmit={async (name) => {
          const result = await createOrgUnit({ input: { domainId, parentId, name } });
          return settle(t, result.data?.createOrgUnit, result.error, { CONFLICT: t('domains.departments.duplicate') });
        }}
        onDone={() => setEditing(null)}
      />
    );
  }

  function renderLevel(parentId: string | null, depth: number) {
    const units = byParent.get(parentId) ?? [];
    const addingHere = editing?.kind === 'add' && editing.parentId === parentId && parentId !== null;
    if (units.length === 0 && !addingHere) return null;
    return (
      <ul className={depth === 0 ? 'domains-tree' : 'domains-tree domains-tree--nested'}>
        {units.map((unit) => (
          <li key={unit.id} className="domains-tree__item">
            {editing?.kind === 'rename' && editing.id === unit.id ? (
              <NameForm
                label={t('domains.departments.newName', { name: unit.name })}
                initialValue={unit.name}
                submitLabel={t('common.save')}
                onSubmit={async (name) => {
                  const result = await renameOrgUnit({ input: { id: unit.id, name } });
                  return settle(t, result.data?.renameOrgUnit, result.error, {
                    CONFLICT: t('domains.departments.duplicate'),
                  });
                }}
                onDone={() => setEditing(null)}
              />
            ) : (
              <NamedRow name={unit.name} memberCount={unit.memberCount}>
                {canEdit ? (
                  <>
                    <IconButton
                      label={t('domains.departments.addChild', { name: unit.name })}
                      onClick={() => setEditing({ kind: 'add', parentId: unit.id })}
                    >
                      <PlusIcon />
                    </IconButton>
                    <EditDeleteButtons
                      editLabel={t('domains.departments.rename', { name: unit.name })}
                      deleteLabel={t('domains.departments.delete', { name: unit.name })}
                      onEdit={() => setEditing({ kind: 'rename', id: unit.id })}
                      onDelete={() => setDeleting(unit)}
                    />
                  </>
                ) : null}
              </NamedRow>
            )}
            {renderLevel(unit.id, depth + 1)}
          </li>
        ))}
        {addingHere ? <li className="domains-tree__item">{addForm(parentId)}</li> : null}
      </ul>
    );
  }

  return (
    <section className="domains-departments" aria-labelledby={headingId}>
      <div className="domains-section-header">
        <h3 id={headingId} className="domains-section-header__title">
          {t('domains.departments.title')}
        </h3>
        {canEdit && !(editing?.kind === 'add' && editing.parentId === null) ? (
          <AddButton label={t('domains.departments.add')} onClick={() => setEditing({ kind: 'add', parentId: null })} />
        ) : null}
      </div>
      {editing?.kind === 'add' && editing.parentId === null ? addForm(null) : null}
      {orgUnits.length === 0 ? <p className="domains-empty">{t('domains.departments.empty')}</p> : renderLevel(null, 0)}

      <DeleteDialog
        open={deleting !== undefined}
        title={t('domains.departments.deleteTitle', { name: deleting?.name ?? '' })}
        onConfirm={async () => {
          const result = await deleteOrgUnit({ input: { id: deleting?.id ?? '' } });
          return settle(t, result.data?.deleteOrgUnit, result.error, { CONFLICT: t('domains.departments.deleteConflict') });
        }}
        onClose={() => setDeleting(undefined)}
      >
        <p>
          {deleting && deleting.memberCount > 0
            ? t('domains.departments.deleteBodyMembers', { count: deleting.memberCount })
            : t('domains.departments.deleteBody')}
        </p>
      </DeleteDialog>
    </section>
  );
}
