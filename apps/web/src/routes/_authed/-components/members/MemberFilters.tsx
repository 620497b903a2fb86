import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../../components/SelectField.tsx';
import { useMemberDirectory } from './directory.ts';
import { activeFilterCount, type MemberOrder, type MembersSearch, memberOrders } from './search.ts';

interface MemberFiltersProps {
  search: MembersSearch;
  /** The order shown (the chosen one, else the language's). */
  order: MemberOrder;
  onChange: (patch: Partial<MembersSearch>) => void;
}

/**
 * Domain, department, employment type and status. On phones the panel folds behind a button
 * that shows how many filters are set; on wider screens it is always open (see styles.css).
 */
export function MemberFilters({ search, order, onChange }: MemberFiltersProps) {
  const { t } = useTranslation();
  const panelId = useId();
  const { directory } = useMemberDirectory();
  const active = activeFilterCount(search);
  const [open, setOpen] = useState(active > 0);

  const domains = directory?.domains ?? [];
  const multipleDomains = domains.length > 1;
  const orgUnits = domains
    .filter((domain) => !search.domainId || domain.id === search.domainId)
    .flatMap((domain) =>
      domain.orgUnits.map((unit) => ({
        value: unit.id,
        label: multipleDomains && !search.domainId ? `${unit.name} (${domain.displayName})` : unit.name,
      })),
    );

  return (
    <div className="members-filters">
      <div className="members-filters__bar">
        <button
          type="button"
          className="button button--ghost members-filters__toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((value) => !value)}
        >
          <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M4 6h16M7 12h10M10 18h4" />
          </svg>
          {t('members.filters.toggle')}
          {active > 0 ? (
            <span className="members-filters__count">
              <span className="visually-hidden">: </span>
              {t('members.filters.active', { count: active })}
            </span>
          ) : null}
        </button>
        {active > 0 ? (
          <button
            type="button"
            className="button button--ghost members-filters__clear"
            onClick={() => onChange({ domainId: undefined, orgUnitId: undefined, employmentTypeId: undefined, status: undefined })}
          >
            {t('members.filters.clear')}
          </button>
        ) : null}
      </div>
      <div id={panelId} className="members-filters__panel" data-open={open ? '' : undefined}>
        <SelectField
          label={t('members.fields.domain')}
          value={search.domainId ?? ''}
          options={[
            { value: '', label: t('members.filters.allDomains') },
            ...domains.map((domain) => ({ value: domain.id, label: `${domain.displayName} (${domain.name})` })),
          ]}
          onChange={(event) => {
            const domainId = event.target.value || undefined;
            const keepsUnit = domains.some(
              (domain) => domain.id === domainId && domain.orgUnits.some((unit) => unit.id === search.orgUnitId),
            );
            onChange({ domainId, orgUnitId: domainId && !keepsUnit ? undefined : search.orgUnitId });
          }}
        />
        <SelectField
          label={t('members.fields.orgUnit')}
          value={search.orgUnitId ?? ''}
          options={[{ value: '', label: t('members.filters.allOrgUnits') }, ...orgUnits]}
          onChange={(event) => onChange({ orgUnitId: event.target.value || undefined })}
        />
        <SelectField
          label={t('members.fields.employmentType')}
          value={search.employmentTypeId ?? ''}
          options={[
            { value: '', label: t('members.filters.allEmploymentTypes') },
            ...(directory?.employmentTypes ?? []).map((type) => ({ value: type.id, label: type.name })),
          ]}
          onChange={(event) => onChange({ employmentTypeId: event.target.value || undefined })}
        />
        <SelectField
          label={t('members.fields.status')}
          value={search.status ?? ''}
          options={[
            { value: '', label: t('members.filters.allStatuses') },
            { value: 'ACTIVE', label: t('members.status.ACTIVE') },
            { value: 'SUSPENDED', label: t('members.status.SUSPENDED') },
          ]}
          onChange={(event) => {
            const value = event.target.value;
            onChange({ status: value === 'ACTIVE' || value === 'SUSPENDED' ? value : undefined });
          }}
        />
        <SelectField
          label={t('members.list.order.label')}
          value={order}
          options={memberOrders.map((value) => ({ value, label: t(`members.list.order.${value}`) }))}
          onChange={(event) => onChange({ order: memberOrders.find((value) => value === event.target.value) })}
        />
      </div>
    </div>
  );
}
