import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { SearchBox } from '../../../../components/SearchBox.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { graphql } from '../../../../graphql/graphql.ts';
import { AccountsCsv } from './AccountsCsv.tsx';
import { AttendanceLayout } from './AttendanceLayout.tsx';
import { EmployeeList } from './EmployeeList.tsx';
import { FirstMessage } from './FirstMessage.tsx';
import { type EmployeesSearch, employeesFilter } from './search.ts';

export const AttendanceFiltersQuery = graphql(`
  query AttendanceFilters {
    attendanceFilters {
      orgUnits {
        id
        name
      }
      employmentTypes {
        id
        name
      }
    }
  }
`);

const route = getRouteApi('/_authed/attendance/employees');

/** /attendance/employees: account ids by department and employment type, CSV, and the first message. */
export function EmployeesPage() {
  const { t } = useTranslation();
  return (
    <AttendanceLayout title={t('attendance.tabs.employees')} intro={t('attendance.employees.intro')}>
      {(canEdit) => <Employees canEdit={canEdit} />}
    </AttendanceLayout>
  );
}

function Employees({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [{ data }] = useQuery({ query: AttendanceFiltersQuery });
  // Bumped after a CSV import: every loaded page is fetched again.
  const [generation, setGeneration] = useState(0);
  const filter = employeesFilter(search);
  const orgUnits = data?.attendanceFilters.orgUnits ?? [];
  const employmentTypes = data?.attendanceFilters.employmentTypes ?? [];
  const department = orgUnits.find((unit) => unit.id === search.orgUnitId)?.name ?? t('attendance.employees.allDepartments');
  const employmentType = employmentTypes.find((type) => type.id === search.employmentTypeId)?.name ?? t('attendance.employees.allEmploymentTypes');
  const filtered = Boolean(search.q || search.orgUnitId || search.employmentTypeId || search.linked);
  const onApplied = useCallback(() => setGeneration((value) => value + 1), []);

  function update(patch: Partial<EmployeesSearch>, replace = false) {
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace });
  }

  return (
    <>
      <div className="attendance-toolbar">
        <SearchBox
          label={t('attendance.employees.searchLabel')}
          placeholder={t('attendance.employees.searchPlaceholder')}
          value={search.q ?? ''}
          onSearch={(q) => update({ q: q || undefined }, true)}
        />
        <div className="attendance-filters">
          <SelectField
            label={t('attendance.employees.department')}
            value={search.orgUnitId ?? ''}
            options={[{ value: '', label: t('attendance.employees.allDepartments') }, ...orgUnits.map((unit) => ({ value: unit.id, label: unit.name }))]}
            onChange={(event) => update({ orgUnitId: event.target.value || undefined })}
          />
          <SelectField
            label={t('attendance.employees.employmentType')}
            value={search.employmentTypeId ?? ''}
            options={[
              { value: '', label: t('attendance.employees.allEmploymentTypes') },
              ...employmentTypes.map((type) => ({ value: type.id, label: type.name })),
            ]}
            onChange={(event) => update({ employmentTypeId: event.target.value || undefined })}
          />
          <SelectField
            label={t('attendance.employees.linkedFilter')}
            value={search.linked ?? ''}
            options={[
              { value: '', label: t('attendance.employees.all') },
              { value: 'yes', label: t('attendance.employees.linked') },
              { value: 'no', label: t('attendance.employees.unlinked') },
            ]}
            onChange={(event) => {
              const value = event.target.value;
              update({ linked: value === 'yes' || value === 'no' ? value : undefined });
            }}
          />
        </div>
      </div>

      <div className="attendance-tools">
        <FirstMessage
          canEdit={canEdit}
          orgUnitId={search.orgUnitId ?? null}
          employmentTypeId={search.employmentTypeId ?? null}
          department={department}
          employmentType={employmentType}
          searchNarrows={Boolean(search.q || search.linked)}
        />
        <AccountsCsv
          canEdit={canEdit}
          importId={search.accountImport}
          onImport={(accountImport) => update({ accountImport }, true)}
          onApplied={onApplied}
        />
      </div>

      <EmployeeList
        key={`${JSON.stringify(filter)}:${generation}`}
        filter={filter}
        canEdit={canEdit}
        requestPolicy={generation > 0 ? 'cache-and-network' : 'cache-first'}
        empty={
          <div className="page__empty">
            <p>{t('attendance.employees.empty')}</p>
            {filtered ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => update({ q: undefined, orgUnitId: undefined, employmentTypeId: undefined, linked: undefined })}
              >
                {t('attendance.employees.clearFilters')}
              </button>
            ) : null}
          </div>
        }
      />
    </>
  );
}
