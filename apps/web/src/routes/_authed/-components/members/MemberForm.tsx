import { Link, useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { combinedErrorMessage, errorMessage, type FieldErrorLike, fieldErrorMessage } from '../../../../i18n/errors.ts';
import type { MemberDirectory } from './directory.ts';

export const MemberFormFragment = graphql(`
  fragment MemberForm_member on Member {
    id
    loginId
    familyName
    givenName
    i18nNames {
      language
      familyName
      givenName
    }
    nickname
    email
    domain {
      id
      name
      displayName
    }
    orgUnit {
      id
    }
    employmentType {
      id
    }
  }
`);

const CreateMemberMutation = graphql(
  `
    mutation CreateMember($input: MutationCreateMemberInput!) {
      createMember(input: $input) {
        __typename
        ... on MutationCreateMemberSuccess {
          member {
            id
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const UpdateMemberMutation = graphql(
  `
    mutation UpdateMember($input: MutationUpdateMemberInput!) {
      updateMember(input: $input) {
        __typename
        ... on MutationUpdateMemberSuccess {
          member {
            id
            ...MemberForm_member
          }
        }
        ...MutationError
      }
    }
  `,
  [MemberFormFragment, MutationErrorFragment],
);

interface FormValues {
  domainId: string;
  loginLocal: string;
  familyName: string;
  givenName: string;
  familyNameEn: string;
  givenNameEn: string;
  nickname: string;
  email: string;
  orgUnitId: string;
  employmentTypeId: string;
}

type FieldName = keyof FormValues;
type MemberName = { language: 'JA' | 'EN'; familyName: string; givenName: string };

const textFields = ['familyName', 'givenName', 'familyNameEn', 'givenNameEn', 'nickname', 'email'] as const;

/** Where a server field error belongs in this form (English names live in i18nNames). */
function formFieldOf(path: readonly string[]): FieldName | 'loginId' | null {
  const [head, , leaf] = path;
  if (head === 'i18nNames') return leaf === 'givenName' ? 'givenNameEn' : 'familyNameEn';
  if (head === 'loginId') return 'loginId';
  if (head === 'domainId' || head === 'orgUnitId' || head === 'employmentTypeId') return head;
  return textFields.find((name) => name === head) ?? null;
}

/** Login id problems the server reports in English, said in the reader's language where we can tell why. */
function loginIdMessage(t: TFunction, error: FieldErrorLike, local: string): string {
  const value = local.trim().toLowerCase();
  if (value === '') return t('errors.fieldCodes.required');
  if (!/^[a-z0-9._-]+$/.test(value)) return t('members.form.loginIdCharacters');
  if (value.length < 2) return t('members.form.loginIdTooShort');
  if (value.length > 40) return t('members.form.loginIdTooLong');
  return fieldErrorMessage(t, error, local);
}

type MemberFormProps =
  | { mode: 'create'; directory: MemberDirectory; member?: undefined }
  | { mode: 'edit'; directory: MemberDirectory; member: FragmentOf<typeof MemberFormFragment> };

/** Creates a member or edits one; on success it shows the member's detail page. */
export function MemberForm(props: MemberFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { directory } = props;
  const member = props.mode === 'edit' ? readFragment(MemberFormFragment, props.member) : undefined;
  const [values, setValues] = useState<FormValues>(() => initialValues(directory, member));
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [formError, setFormError] = useState<string>();
  const [{ fetching: creating }, create] = useMutation(CreateMemberMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateMemberMutation);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusToken, setFocusToken] = useState(0);

  const domain = directory.domains.find((entry) => entry.id === (member?.domain.id ?? values.domainId));
  const orgUnits = domain?.orgUnits ?? [];

  // After a failed submit, take the keyboard (and screen reader) to the first field to fix.
  useEffect(() => {
    if (focusToken === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? formRef.current?.querySelector<HTMLElement>('.members-form__alert'))?.focus();
  }, [focusToken]);

  function set<K extends FieldName>(name: K, value: FormValues[K]) {
    setValues((previous) => ({ ...previous, [name]: value }));
  }

  function i18nNames(): MemberName[] {
    const others = (member?.i18nNames ?? []).filter((name) => name.language !== 'EN');
    const familyName = values.familyNameEn.trim();
    const givenName = values.givenNameEn.trim();
    if (!familyName && !givenName) return others;
    return [...others, { language: 'EN', familyName, givenName }];
  }

  function showErrors(errors: readonly FieldErrorLike[], fallback: string) {
    const byField = new Map<string, string>();
    for (const error of errors) {
      const field = formFieldOf(error.path);
      if (!field || byField.has(field)) continue;
      const message =
        field === 'loginId'
          ? loginIdMessage(t, error, values.loginLocal)
          : fieldErrorMessage(t, error, field in values ? values[field as FieldName] : undefined);
      byField.set(field, message);
    }
    setFieldErrors(byField);
    setFormError(byField.size > 0 ? t('members.form.fixErrors') : fallback);
    setFocusToken((token) => token + 1);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    const fields = {
      familyName: values.familyName,
      givenName: values.givenName,
      i18nNames: i18nNames(),
      nickname: values.nickname.trim() || null,
      email: values.email.trim() || null,
      orgUnitId: values.orgUnitId || null,
      employmentTypeId: values.employmentTypeId || null,
    };
    const local = values.loginLocal.trim().toLowerCase();
    const { outcome, error: transportError } = member
      ? await update({ input: { id: member.id, ...fields } }).then((result) => ({
          outcome: result.data?.updateMember,
          error: result.error,
        }))
      : await create({
          input: { ...fields, domainId: values.domainId, loginId: domain ? `${local}@${domain.name}` : local },
        }).then((result) => ({ outcome: result.data?.createMember, error: result.error }));
    if (!outcome) {
      setFormError(transportError ? combinedErrorMessage(t, transportError) : t('errors.unexpected'));
      setFocusToken((token) => token + 1);
      return;
    }
    switch (outcome.__typename) {
      case 'MutationCreateMemberSuccess':
      case 'MutationUpdateMemberSuccess':
        await navigate({ to: '/members/$memberId', params: { memberId: outcome.member.id }, replace: true });
        return;
      case 'ValidationError':
        showErrors(outcome.fieldErrors, errorMessage(t, outcome));
        return;
      case 'ConflictError':
        if (!member) {
          setFieldErrors(new Map([['loginId', t('members.form.loginIdTaken')]]));
          setFormError(t('members.form.fixErrors'));
        } else setFormError(errorMessage(t, outcome));
        setFocusToken((token) => token + 1);
        return;
      default:
        setFormError(errorMessage(t, outcome));
        setFocusToken((token) => token + 1);
    }
  }

  function textProps(name: (typeof textFields)[number]) {
    return {
      name,
      value: values[name],
      onChange: (event: { target: { value: string } }) => set(name, event.target.value),
      error: fieldErrors.get(name),
    };
  }

  const busy = creating || updating;

  return (
    <form ref={formRef} className="form members-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      {formError ? (
        <div tabIndex={-1} className="members-form__alert">
          <FormAlert>{formError}</FormAlert>
        </div>
      ) : null}

      <fieldset className="form__section">
        <legend className="form__legend">{t('members.form.account')}</legend>
        {member ? (
          <dl className="members-form__fixed">
            <div>
              <dt>{t('members.fields.domain')}</dt>
              <dd>
                {member.domain.displayName} ({member.domain.name})
              </dd>
            </div>
            <div>
              <dt>{t('members.fields.loginId')}</dt>
              <dd className="members-facts__mono">{member.loginId}</dd>
            </div>
            <p className="field__hint">{t('members.form.loginIdFixed')}</p>
          </dl>
        ) : (
          <>
            <SelectField
              label={t('members.fields.domain')}
              name="domainId"
              required
              value={values.domainId}
              options={directory.domains.map((entry) => ({ value: entry.id, label: `${entry.displayName} (${entry.name})` }))}
              onChange={(event) => {
                const domainId = event.target.value;
                const next = directory.domains.find((entry) => entry.id === domainId);
                setValues((previous) => ({
                  ...previous,
                  domainId,
                  orgUnitId: next?.orgUnits.some((unit) => unit.id === previous.orgUnitId) ? previous.orgUnitId : '',
                }));
              }}
              error={fieldErrors.get('domainId')}
            />
            <LoginIdField
              value={values.loginLocal}
              domainName={domain?.name ?? ''}
              onChange={(value) => set('loginLocal', value)}
              error={fieldErrors.get('loginId')}
            />
          </>
        )}
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('members.form.names')}</legend>
        <div className="members-form__pair">
          <TextField label={t('members.fields.familyName')} autoComplete="off" required maxLength={50} {...textProps('familyName')} />
          <TextField label={t('members.fields.givenName')} autoComplete="off" maxLength={50} {...textProps('givenName')} />
        </div>
        <div className="members-form__pair">
          <TextField
            label={t('members.fields.familyNameEn')}
            autoComplete="off"
            lang="en"
            maxLength={50}
            {...textProps('familyNameEn')}
          />
          <TextField
            label={t('members.fields.givenNameEn')}
            autoComplete="off"
            lang="en"
            maxLength={50}
            {...textProps('givenNameEn')}
          />
        </div>
        <TextField label={t('members.fields.nickname')} autoComplete="off" maxLength={50} {...textProps('nickname')} />
        <TextField
          label={t('members.fields.email')}
          type="email"
          inputMode="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
          {...textProps('email')}
        />
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">{t('members.form.organization')}</legend>
        <SelectField
          label={t('members.fields.orgUnit')}
          name="orgUnitId"
          value={values.orgUnitId}
          options={[
            { value: '', label: t('members.form.notSet') },
            ...orgUnits.map((unit) => ({ value: unit.id, label: unit.name })),
          ]}
          onChange={(event) => set('orgUnitId', event.target.value)}
          error={fieldErrors.get('orgUnitId')}
        />
        <SelectField
          label={t('members.fields.employmentType')}
          name="employmentTypeId"
          value={values.employmentTypeId}
          options={[
            { value: '', label: t('members.form.notSet') },
            ...directory.employmentTypes.map((type) => ({ value: type.id, label: type.name })),
          ]}
          onChange={(event) => set('employmentTypeId', event.target.value)}
          error={fieldErrors.get('employmentTypeId')}
        />
      </fieldset>

      <div className="members-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('members.form.saving') : member ? t('members.form.save') : t('members.form.create')}
        </button>
        {member ? (
          <Link to="/members/$memberId" params={{ memberId: member.id }} className="button button--ghost">
            {t('members.form.cancel')}
          </Link>
        ) : (
          <Link to="/members" className="button button--ghost">
            {t('members.form.cancel')}
          </Link>
        )}
      </div>
    </form>
  );
}

function initialValues(directory: MemberDirectory, member: ReturnType<typeof readMember> | undefined): FormValues {
  const en = member?.i18nNames.find((name) => name.language === 'EN');
  return {
    domainId: member?.domain.id ?? directory.domains[0]?.id ?? '',
    loginLocal: '',
    familyName: member?.familyName ?? '',
    givenName: member?.givenName ?? '',
    familyNameEn: en?.familyName ?? '',
    givenNameEn: en?.givenName ?? '',
    nickname: member?.nickname ?? '',
    email: member?.email ?? '',
    orgUnitId: member?.orgUnit?.id ?? '',
    employmentTypeId: member?.employmentType?.id ?? '',
  };
}

function readMember(member: FragmentOf<typeof MemberFormFragment>) {
  return readFragment(MemberFormFragment, member);
}

interface LoginIdFieldProps {
  value: string;
  domainName: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** The part before @ is typed; the domain part follows from the selected domain. */
function LoginIdField({ value, domainName, onChange, error }: LoginIdFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const suffixId = `${id}-suffix`;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {t('members.fields.loginId')}
      </label>
      <div className="members-login">
        <input
          id={id}
          name="loginId"
          className="field__control members-login__input"
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          inputMode="email"
          maxLength={40}
          value={value}
          onChange={(event) => {
            // A pasted full id keeps only its part before @; the domain comes from the select.
            const next = event.target.value;
            onChange(next.includes('@') ? next.slice(0, next.indexOf('@')) : next);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={[suffixId, hintId, error ? errorId : null].filter(Boolean).join(' ')}
        />
        <span className="members-login__suffix" id={suffixId}>
          @{domainName}
        </span>
      </div>
      <p className="field__hint" id={hintId}>
        {t('members.form.loginIdHint')}
      </p>
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
