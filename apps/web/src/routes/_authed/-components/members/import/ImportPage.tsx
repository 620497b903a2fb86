import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useCanEditMembers } from '../authority.ts';
import { BackLink } from '../BackLink.tsx';
import { ImportDetail } from './ImportDetail.tsx';
import { ImportFormat } from './ImportFormat.tsx';
import { ImportUpload } from './ImportUpload.tsx';
import { RecentImports } from './RecentImports.tsx';

const route = getRouteApi('/_authed/members/import');

/**
 * Without an id: the CSV format, the upload and recent imports. With ?id=: one import (dry run,
 * apply, progress, result), so a reload or a link from the recent list resumes where it was.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { id } = route.useSearch();
  const canEdit = useCanEditMembers();
  return (
    <section className="page members-import" aria-labelledby="page-title">
      <BackLink />
      <h1 id="page-title" className="page__title">
        {t('memberImport.title')}
      </h1>
      {id ? (
        <ImportDetail key={id} id={id} canEdit={canEdit} />
      ) : (
        <>
          {canEdit ? <ImportUpload /> : <p className="page__empty">{t('members.viewOnly')}</p>}
          <ImportFormat />
          <RecentImports />
        </>
      )}
    </section>
  );
}
