import { type MemberCsvColumn, memberCsvColumns } from '@worksbase/schema';
import { useTranslation } from 'react-i18next';
import { useMemberDirectory } from '../directory.ts';
import { downloadText, memberCsvTemplate } from './template.ts';

const requiredColumns = new Set<MemberCsvColumn>(['login_id']);

/** What the file must look like, and a template that fits this tenant. */
export function ImportFormat() {
  const { t } = useTranslation();
  const { directory } = useMemberDirectory();
  const domain = directory?.domains[0];

  function downloadTemplate() {
    downloadText(
      'members-template.csv',
      memberCsvTemplate({
        domainName: domain?.name ?? 'example.com',
        department: domain?.orgUnits[0]?.name,
        employmentType: directory?.employmentTypes[0]?.name,
      }),
    );
  }

  return (
    <section className="card members-format" aria-labelledby="members-format-title">
      <div className="members-format__head">
        <h2 id="members-format-title" className="members-section-title">
          {t('memberImport.format.title')}
        </h2>
        <button type="button" className="button button--secondary" onClick={downloadTemplate}>
          <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
          </svg>
          {t('memberImport.format.template')}
        </button>
      </div>
      <ul className="members-format__rules">
        <li>{t('memberImport.format.ruleHeader')}</li>
        <li>{t('memberImport.format.ruleEncoding')}</li>
        <li>{t('memberImport.format.ruleMatch')}</li>
        <li>{t('memberImport.format.ruleColumns')}</li>
      </ul>
      <div className="members-format__table-wrap">
        <table className="members-format__table">
          <caption className="visually-hidden">{t('memberImport.format.columnsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('memberImport.format.column')}</th>
              <th scope="col">{t('memberImport.format.description')}</th>
            </tr>
          </thead>
          <tbody>
            {memberCsvColumns.map((column) => (
              <tr key={column}>
                <th scope="row">
                  <code>{column}</code>
                  {requiredColumns.has(column) ? (
                    <span className="members-format__required">{t('memberImport.format.required')}</span>
                  ) : null}
                </th>
                <td>{t(`memberImport.columns.${column}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
