import { tenantUpdateSchema } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { NoAuthority } from '../../../../components/NoAuthority.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { type FragmentOf, graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage, fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type FieldProblem, useZodForm } from '../../../../lib/forms.ts';
import { commonTimeZones, nowIn, otherTimeZones } from './timeZones.ts';

const SettingsTenantFragment = graphql(`
  fragment SettingsForm_tenant on Tenant {
    id
    name
    timeZone
    language
    plan
    isDemo
    createdAt
  }
`);

export const SettingsPageQuery = graphql(
  `
    query SettingsPage {
      viewer {
        tenant {
          id
          ...SettingsForm_tenant
        }
      }
    }
  `,
  [SettingsTenantFragment],
);

const UpdateTenantMutation = graphql(
  `
    mutation UpdateTenant($input: MutationUpdateTenantInput!) {
      updateTenant(input: $input) {
        __typename
        ... on MutationUpdateTenantSuccess {
          tenant {
            id
            ...SettingsForm_tenant
          }
        }
        ...MutationError
      }
    }
  `,
  [SettingsTenantFragment, MutationErrorFragment],
);

/** Tenant name, time zone and default language: the master administrator's to change. */
export function SettingsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  if (!access) return <PageLoading />;
  if (!access.isMaster) return <NoAuthority title={t('settings.title')} reason={t('settings.noAuthority')} />;
  return <SettingsContent />;
}

function SettingsContent() {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: SettingsPageQuery });
  return (
    <section className="page settings" aria-labelledby="page-title">
      <header>
        <h1 id="page-title" className="page__title">
          {t('settings.title')}
        </h1>
        <p className="settings__intro">{t('settings.intro')}</p>
      </header>
      {error && !data ? <FormAlert>{combinedErrorMessage(t, error)}</FormAlert> : null}
      {data?.viewer ? <SettingsForm tenant={data.viewer.tenant} /> : error ? null : <PageLoading />}
    </section>
  );
}

interface SettingsValues {
  name: string;
  timeZone: string;
  language: 'JA' | 'EN';
}

function fieldOf(path: readonly string[]): keyof SettingsValues | undefined {
  const [head] = path;
  return head === 'name' || head === 'timeZone' || head === 'language' ? head : undefined;
}

function describe(field: keyof SettingsValues, problem: FieldProblem, values: SettingsValues, t: TFunction): string {
  if (field === 'timeZone') return t('settings.timeZoneInvalid');
  if (field === 'language') return t('errors.fieldCodes.invalid_value');
  return fieldErrorMessage(t, problem, values.name);
}

function SettingsForm({ tenant: tenantRef }: { tenant: FragmentOf<typeof SettingsTenantFragment> }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const tenant = readFragment(SettingsTenantFragment, tenantRef);
  const [{ fetching }, updateTenant] = useMutation(UpdateTenantMutation);
  const form = useZodForm<SettingsValues, keyof SettingsValues>({
    defaultValues: { name: tenant.name, timeZone: tenant.timeZone, language: tenant.language },
    schema: tenantUpdateSchema,
    fieldOf,
    describe,
  });
  const { register, fieldError, formError, formRef } = form;
  const [saved, setSaved] = useState(false);
  const others = useMemo(otherTimeZones, []);
  const timeZone = form.watch('timeZone');
  const known = timeZone === '' || commonTimeZones.some((zone) => zone === timeZone) || others.includes(timeZone);
  const created = new Date(tenant.createdAt).toLocaleDateString(i18n.resolvedLanguage, { dateStyle: 'long' });
  const zoneError = fieldError('timeZone');
  // Any change makes "Saved" untrue.
  const unsaved = { onChange: () => setSaved(false) };

  async function save(values: SettingsValues) {
    setSaved(false);
    const result = await updateTenant({ input: values });
    const settled = settle(t, result.data?.updateTenant, result.error);
    if (settled.ok) setSaved(true);
    else form.fail(settled.message, settled.fieldErrors.values());
  }

  return (
    <div className="settings__layout">
      <form ref={formRef} className="settings-panel form" aria-labelledby={`${id}-title`} onSubmit={form.submit(save)} noValidate>
        <h2 id={`${id}-title`} className="settings-panel__title">
          {t('settings.tenantTitle')}
        </h2>
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <TextField
          label={t('settings.name')}
          hint={t('settings.nameHint')}
          autoComplete="organization"
          required
          maxLength={100}
          {...register('name', unsaved)}
          error={fieldError('name')}
        />
        <div className={zoneError ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={`${id}-zone`}>
            {t('settings.timeZone')}
          </label>
          <select
            id={`${id}-zone`}
            className="field__control"
            aria-describedby={`${id}-zone-hint${zoneError ? ` ${id}-zone-error` : ''}`}
            aria-invalid={zoneError ? true : undefined}
            {...register('timeZone', unsaved)}
          >
            {known ? null : <option value={timeZone}>{timeZone}</option>}
            <optgroup label={t('settings.commonZones')}>
              {commonTimeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('settings.allZones')}>
              {others.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </optgroup>
          </select>
          <p className="field__hint" id={`${id}-zone-hint`}>
            {t('settings.timeZoneHint', { now: nowIn(timeZone, i18n.resolvedLanguage) })}
          </p>
          {zoneError ? (
            <p className="field__error" id={`${id}-zone-error`}>
              {zoneError}
            </p>
          ) : null}
        </div>
        <SelectField
          label={t('settings.language')}
          options={[
            { value: 'JA', label: t('language.ja') },
            { value: 'EN', label: t('language.en') },
          ]}
          {...register('language', unsaved)}
          error={fieldError('language')}
        />
        <div className="settings-panel__actions">
          <p className="settings-panel__saved" role="status">
            {saved ? t('settings.saved') : ''}
          </p>
          <button type="submit" className="button button--primary" disabled={fetching}>
            {fetching ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      <section className="settings-panel settings-facts" aria-labelledby={`${id}-facts`}>
        <h2 id={`${id}-facts`} className="settings-panel__title">
          {t('settings.aboutTitle')}
        </h2>
        <dl className="settings-facts__list">
          <div>
            <dt>{t('settings.plan')}</dt>
            <dd>
              <span className="badge settings-plan">{t(`settings.plans.${tenant.plan}`)}</span>
            </dd>
          </div>
          <div>
            <dt>{t('settings.kind')}</dt>
            <dd>{tenant.isDemo ? t('settings.demoTenant') : t('settings.regularTenant')}</dd>
          </div>
          <div>
            <dt>{t('settings.createdAt')}</dt>
            <dd>{created}</dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
