import { Link, useNavigate } from '@tanstack/react-router';
import { memberCreateSchema, memberUpdateSchema } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { errorMessage, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
import type { MemberDirectory } from './directory.ts';

export const MemberFormFragment = graphql(`
  fragment MemberForm_member on Member {
    id
    loginId
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
  familyNameReading: string;
  givenNameReading: string;
  familyNameEn: string;
  givenNameEn: string;
  nickname: string;
  email: string;
  orgUnitId: string;
  employmentTypeId: string;
}

type FieldName = keyof FormValues;
type MemberName = { language: 'JA' | 'EN'; familyName: string; givenName: string };

const textFields = ['familyName', 'givenName', 'familyNameReading', 'givenNameReading', 'familyNameEn', 'givenNameEn', 'nickname', 'email'] as const;

/** Where an issue or a server field error belongs in this form (English names live in i18nNames). */
function fieldOf(path: readonly string[]): FieldName | undefined {
  const [head, , leaf] = path;
  if (head === 'i18nNames') return leaf === 'givenName' ? 'givenNameEn' : 'familyNameEn';
  if (head === 'loginId') return 'loginLocal';
  if (head === 'domainId' || head === 'orgUnitId' || head === 'employmentTypeId') return head;
  return textFields.find((name) => name === head);
}

/** Login id problems the schema states in English, said in the reader's language where we can tell why. */
function loginIdMessage(t: TFunction, problem: FieldProblem, local: string): string {
  if (problem.code === 'conflict') return t('members.form.loginIdTaken');
  const value = local.trim().toLowerCase();
  if (value === '') return t('errors.fieldCodes.required');
  if (!/^[a-z0-9._-]+$/.test(value)) return t('members.form.loginIdCharacters');
  if (value.length < 2) return t('members.form.loginIdTooShort');
  if (value.length > 40) return t('members.form.loginIdTooLong');
  return fieldErrorMessage(t, problem, local);
}

function describe(field: FieldName, problem: FieldProblem, values: FormValues, t: TFunction): string {
  if (field === 'loginLocal') return loginIdMessage(t, problem, values.loginLocal);
  return fieldErrorMessage(t, problem, values[field]);
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

  /** The fields both mutations take. */
  function fieldsOf(values: FormValues) {
    const others = (member?.i18nNames ?? []).filter((name) => name.language !== 'EN');
    const familyNameEn = values.familyNameEn.trim();
    const givenNameEn = values.givenNameEn.trim();
    const i18nNames: MemberName[] =
      familyNameEn || givenNameEn ? [...others, { language: 'EN', familyName: familyNameEn, givenName: givenNameEn }] : others;
    return {
      familyName: values.familyName,
      givenName: values.givenName,
      familyNameReading: values.familyNameReading.trim() || null,
      givenNameReading: values.givenNameReading.trim() || null,
      i18nNames,
      nickname: values.nickname.trim() || null,
      email: values.email.trim() || null,
      orgUnitId: values.orgUnitId || null,
      employmentTypeId: values.employmentTypeId || null,
    };
  }

  /** createMember's input: the login id is the typed part, @, and the chosen domain's name. */
  function createInput(values: FormValues) {
    const local = values.loginLocal.trim().toLowerCase();
    const chosen = directory.domains.find((entry) => entry.id === values.domainId);
    return { ...fieldsOf(values), domainId: values.domainId, loginId: chosen ? `${local}@${chosen.name}` : local };
  }

  const form = useZodForm<FormValues, FieldName>({
    defaultValues: initialValues(directory, member),
    schema: member ? memberUpdateSchema : memberCreateSchema,
    toInput: member ? fieldsOf : createInput,
    fieldOf,
    describe,
    invalidMessage: t('members.form.fixErrors'),
  });
  const { control, formRef, formError, fail, fieldError, register } = form;
  const [{ fetching: creating }, create] = useMutation(CreateMemberMutation);
  const [{ fetching: updating }, update] = useMutation(UpdateMemberMutation);

  const domain = directory.domains.find((entry) => entry.id === (member?.domain.id ?? form.watch('domainId')));
  const orgUnits = domain?.orgUnits ?? [];

  async function save(values: FormValues) {
    const { outcome, error } = member
      ? await update({ input: { id: member.id, ...fieldsOf(values) } }).then((result) => ({ outcome: result.data?.updateMember, error: result.error }))
      : await create({ input: createInput(values) }).then((result) => ({ outcome: result.data?.createMember, error: result.error }));
    if (outcome?.__typename === 'ConflictError' && !member) {
      fail(errorMessage(t, outcome), [{ path: ['loginId'], code: 'conflict', message: outcome.message }]);
      return;
    }
    const settled = settle(t, outcome, error);
    if (settled.ok) {
      await navigate({ to: '/members/$memberId', params: { memberId: settled.data.member.id }, replace: true });
      return;
    }
    fail(settled.message, settled.fieldErrors.values());
  }

  function textProps(name: (typeof textFields)[number]) {
    return { ...register(name), error: fieldError(name) };
  }

  const busy = creating || updating;

  return (
    <form ref={formRef} className="form members-form" onSubmit={form.submit(save)} noValidate>
      {formError ? (
        <div tabIndex={-1} className="members-form__alert" data-form-alert>
          <FormAlert>{formError}</FormAlert>
        </div>
      ) : null}

      <fieldset className="form__section">
        <legend className="form__legend">{t('members.form.account')}</legend>
        {member ? (
          <>
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
          </dl>
          <p className="field__hint">{t('members.form.loginIdFixed')}</p>
          </>
        ) : (
          <>
            <SelectField
              label={t('members.fields.domain')}
              required
              options={directory.domains.map((entry) => ({ value: entry.id, label: `${entry.displayName} (${entry.name})` }))}
              {...register('domainId', {
                onChange: (event: { target: { value: string } }) => {
                  // A department of the former domain is not one of the new domain's.
                  const next = directory.domains.find((entry) => entry.id === event.target.value);
                  if (!next?.orgUnits.some((unit) => unit.id === form.getValues('orgUnitId'))) form.setValue('orgUnitId', '');
                },
              })}
              error={fieldError('domainId')}
            />
            <Controller
              control={control}
              name="loginLocal"
              render={({ field }) => (
                <LoginIdField value={field.value} domainName={domain?.name ?? ''} onChange={field.onChange} error={fieldError('loginLocal')} />
              )}
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
          <TextField label={t('members.fields.familyNameReading')} autoComplete="off" maxLength={50} {...textProps('familyNameReading')} />
          <TextField label={t('members.fields.givenNameReading')} autoComplete="off" maxLength={50} {...textProps('givenNameReading')} />
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
          options={[
            { value: '', label: t('members.form.notSet') },
            ...orgUnits.map((unit) => ({ value: unit.id, label: unit.name })),
          ]}
          {...register('orgUnitId')}
          error={fieldError('orgUnitId')}
        />
        <SelectField
          label={t('members.fields.employmentType')}
          options={[
            { value: '', label: t('members.form.notSet') },
            ...directory.employmentTypes.map((type) => ({ value: type.id, label: type.name })),
          ]}
          {...register('employmentTypeId')}
          error={fieldError('employmentTypeId')}
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
    familyNameReading: member?.familyNameReading ?? '',
    givenNameReading: member?.givenNameReading ?? '',
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
