import { getRouteApi } from '@tanstack/react-router';
import { MEMBER_IMPORT_MAX_BYTES, MEMBER_IMPORT_MAX_ROWS } from '@worksbase/schema';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { fileProblemText } from './problems.ts';
import { type UploadResult, uploadMemberCsv } from './upload.ts';

const route = getRouteApi('/_authed/members/import');

/** Picks a CSV file and sends it for a dry run; nothing changes until the result is applied. */
export function ImportUpload() {
  const { t, i18n } = useTranslation();
  const navigate = route.useNavigate();
  const inputId = useId();
  const labelId = useId();
  const fileNameId = useId();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<Extract<UploadResult, { ok: false }> | { reason: 'noFile'; detail?: undefined }>();
  const limits = {
    size: `${MEMBER_IMPORT_MAX_BYTES / 1024 / 1024} MB`,
    rows: MEMBER_IMPORT_MAX_ROWS.toLocaleString(i18n.resolvedLanguage),
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(undefined);
    if (!file) {
      setFailure({ reason: 'noFile' });
      return;
    }
    setUploading(true);
    const result = await uploadMemberCsv(file);
    setUploading(false);
    if (result.ok) {
      await navigate({ search: { id: result.id } });
      return;
    }
    setFailure(result);
  }

  return (
    <form className="card members-upload" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h2 className="members-section-title">{t('memberImport.upload.title')}</h2>
      <p className="members-upload__intro">{t('memberImport.upload.intro')}</p>
      {failure ? (
        <FormAlert>
          {t(`memberImport.upload.errors.${failure.reason}`, limits)}
          {failure.detail ? <span className="members-upload__detail">{fileProblemText(t, failure.detail)}</span> : null}
        </FormAlert>
      ) : null}
      {/* The native file input's own text follows the browser's language, so it is drawn here instead. */}
      <div className={failure?.reason === 'noFile' ? 'field field--invalid' : 'field'}>
        <span className="field__label" id={labelId}>
          {t('memberImport.upload.file')}
        </span>
        <div className="members-file">
          <input
            id={inputId}
            className="visually-hidden members-file__input"
            type="file"
            accept=".csv,text/csv"
            aria-labelledby={labelId}
            aria-describedby={`${fileNameId} ${hintId}`}
            aria-invalid={failure?.reason === 'noFile' ? true : undefined}
            disabled={uploading}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFailure(undefined);
            }}
          />
          <label htmlFor={inputId} className="button button--secondary members-file__button">
            {t('memberImport.upload.choose')}
          </label>
          <span className={file ? 'members-file__name' : 'members-file__name members-file__name--empty'} id={fileNameId}>
            {file ? file.name : t('memberImport.upload.noFile')}
          </span>
        </div>
        <p className="field__hint" id={hintId}>
          {t('memberImport.upload.hint', limits)}
        </p>
      </div>
      <button type="submit" className="button button--primary members-upload__submit" disabled={uploading}>
        {uploading ? (
          <>
            <span className="spinner members-spinner--on-primary" aria-hidden="true" />
            {t('memberImport.upload.uploading')}
          </>
        ) : (
          t('memberImport.upload.submit')
        )}
      </button>
      {uploading ? (
        <p className="visually-hidden" role="status">
          {t('memberImport.upload.uploading')}
        </p>
      ) : null}
    </form>
  );
}
