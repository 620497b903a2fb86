import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { DeleteDialog } from '../../../../components/DeleteDialog.tsx';
import { EditDeleteButtons } from '../../../../components/IconButton.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { DepartmentTree, DepartmentTreeFragment } from './DepartmentTree.tsx';
import { NameForm } from './NameForm.tsx';

export const DomainCardFragment = graphql(
  `
    fragment DomainCard_domain on Domain {
      id
      name
      displayName
      lwDomainId
      memberCount
      orgUnits {
        id
        ...DepartmentTree_orgUnit
      }
    }
  `,
  [DepartmentTreeFragment],
);

const UpdateDomainMutation = graphql(
  `
    mutation UpdateDomain($input: MutationUpdateDomainInput!) {
      updateDomain(input: $input) {
        __typename
        ... on MutationUpdateDomainSuccess {
          domain {
            id
            displayName
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const DeleteDomainMutation = graphql(
  `
    mutation DeleteDomain($input: MutationDeleteDomainInput!) {
      deleteDomain(input: $input) {
        __typename
        ... on MutationDeleteDomainSuccess {
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

interface DomainCardProps {
  domain: FragmentOf<typeof DomainCardFragment>;
  canEdit: boolean;
}

/** One company: its LINE WORKS domain id, member count and department tree. */
export function DomainCard({ domain: domainRef, canEdit }: DomainCardProps) {
  const { t } = useTranslation();
  const domain = readFragment(DomainCardFragment, domainRef);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [, updateDomain] = useMutation(UpdateDomainMutation);
  const [, deleteDomain] = useMutation(DeleteDomainMutation);
  const titleId = `domain-${domain.id}`;

  return (
    <article className="domains-card" aria-labelledby={titleId}>
      <header className="domains-card__header">
        <div className="domains-card__heading">
          <h2 id={titleId} className="domains-card__title">
            {domain.displayName}
          </h2>
          <p className="domains-card__name">
            <span className="visually-hidden">{t('domains.name')}: </span>
            <code>@{domain.name}</code>
          </p>
        </div>
        {canEdit ? (
          <div className="domains-card__actions">
            <EditDeleteButtons
              editLabel={t('domains.editDisplayName', { name: domain.displayName })}
              deleteLabel={t('domains.delete', { name: domain.displayName })}
              editing={editing}
              onEdit={() => setEditing((open) => !open)}
              onDelete={() => setConfirming(true)}
            />
          </div>
        ) : null}
      </header>

      {editing ? (
        <NameForm
          label={t('domains.displayName')}
          field="displayName"
          initialValue={domain.displayName}
          submitLabel={t('common.save')}
          onSubmit={async (displayName) => {
            const result = await updateDomain({ input: { id: domain.id, displayName } });
            return settle(t, result.data?.updateDomain, result.error);
          }}
          onDone={() => setEditing(false)}
        />
      ) : null}

      <dl className="domains-card__facts">
        <div>
          <dt>{t('domains.lwDomainId')}</dt>
          <dd>
            <code>{domain.lwDomainId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('domains.members')}</dt>
          <dd>{domain.memberCount}</dd>
        </div>
        <div>
          <dt>{t('domains.departments.title')}</dt>
          <dd>{domain.orgUnits.length}</dd>
        </div>
      </dl>

      <DepartmentTree domainId={domain.id} orgUnits={domain.orgUnits} canEdit={canEdit} />

      <DeleteDialog
        open={confirming}
        title={t('domains.deleteTitle', { name: domain.displayName })}
        onConfirm={async () => {
          const result = await deleteDomain({ input: { id: domain.id } });
          return settle(t, result.data?.deleteDomain, result.error, { CONFLICT: t('domains.deleteConflict') });
        }}
        onClose={() => setConfirming(false)}
      >
        <p>{t('domains.deleteBody', { name: domain.name })}</p>
      </DeleteDialog>
    </article>
  );
}
