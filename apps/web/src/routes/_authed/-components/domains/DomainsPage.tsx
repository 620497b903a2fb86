import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PlusIcon } from '../../../../components/icons.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage, type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { DomainCard, DomainCardFragment } from './DomainCard.tsx';
import { EmploymentTypes, EmploymentTypesFragment } from './EmploymentTypes.tsx';

export const DomainsPageQuery = graphql(
  `
    query DomainsPage {
      domains {
        id
        ...DomainCard_domain
      }
      employmentTypes {
        id
        ...EmploymentTypes_employmentType
      }
    }
  `,
  [DomainCardFragment, EmploymentTypesFragment],
);

const CreateDomainMutation = graphql(
  `
    mutation CreateDomain($input: MutationCreateDomainInput!) {
      createDomain(input: $input) {
        __typename
        ... on MutationCreateDomainSuccess {
          domain {
            id
            name
            displayName
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

/** Domains (one per company), their departments, and the tenant's employment types. */
export function DomainsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  if (!access) return <PageLoading />;
  if (!access.canView('members')) {
    return <NoAuthority title={t('nav.domains')} reason={t('domains.noAuthority')} />;
  }
  return <DomainsContent canEdit={access.canEdit('members')} />;
}

function DomainsContent({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: DomainsPageQuery });
  const [creating, setCreating] = useState(false);

  return (
    <section className="page domains" aria-labelledby="page-title">
      <header className="domains__header">
        <div>
          <h1 id="page-title" className="page__title">
            {t('nav.domains')}
          </h1>
          <p className="domains__intro">{t('domains.intro')}</p>
        </div>
        {canEdit && !creating ? (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            {t('domains.add')}
          </button>
        ) : null}
      </header>
      {canEdit ? null : <FormAlert tone="info">{t('domains.readOnly')}</FormAlert>}
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {creating ? <CreateDomainForm onDone={() => setCreating(false)} /> : null}
      {data ? (
        <div className="domains__layout">
          <ul className="domains__list" aria-label={t('nav.domains')}>
            {data.domains.map((domain) => (
              <li key={domain.id}>
                <DomainCard domain={domain} canEdit={canEdit} />
              </li>
            ))}
          </ul>
          <EmploymentTypes employmentTypes={data.employmentTypes} canEdit={canEdit} />
        </div>
      ) : error ? null : (
        <PageLoading />
      )}
    </section>
  );
}

function CreateDomainForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [{ fetching }, createDomain] = useMutation(CreateDomainMutation);
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const result = await createDomain({ input: { name, displayName } });
    const settled = settle(t, result.data?.createDomain, result.error, { CONFLICT: t('domains.duplicate') });
    if (settled.ok) {
      onDone();
      return;
    }
    setFieldErrors(settled.fieldErrors);
    setFormError(settled.message);
  }

  function fieldError(field: 'name' | 'displayName', value: string) {
    const error = fieldErrors.get(field);
    return error ? fieldErrorMessage(t, error, value) : undefined;
  }

  return (
    <form className="domains-panel form" aria-labelledby="create-domain-title" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h2 id="create-domain-title" className="domains-panel__title">
        {t('domains.createTitle')}
      </h2>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="domains-create__fields">
        <TextField
          label={t('domains.name')}
          hint={t('domains.nameHint')}
          name="name"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldError('name', name)}
        />
        <TextField
          label={t('domains.displayName')}
          hint={t('domains.displayNameHint')}
          name="displayName"
          required
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={fieldError('displayName', displayName)}
        />
      </div>
      <div className="domains-name-form__actions">
        <button type="button" className="button button--ghost" onClick={onDone} disabled={fetching}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t('common.saving') : t('domains.create')}
        </button>
      </div>
    </form>
  );
}
