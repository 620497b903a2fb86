import { BOT_PHOTO_MAX_BYTES } from '@worksbase/schema';
import type { TFunction } from 'i18next';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { csrfHeaderName, readCsrfToken } from '../../../../graphql/csrf.ts';
import { BotAvatar } from './BotAvatar.tsx';
import { BotDetailQuery } from './BotDetailPage.tsx';
import type { BotDetail } from './botFragment.ts';
import './botPhoto.css';

const MAX_MB = BOT_PHOTO_MAX_BYTES / 1024 / 1024;

type PhotoProblem = { kind: 'type' } | { kind: 'empty' } | { kind: 'tooLarge'; size: number };

/** PNG or JPEG by its first bytes, as the API decides (apps/api/src/rest/bot-photo.ts); the file name does not count. */
function isPngOrJpeg(bytes: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, index) => bytes[index] === byte)) return true;
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** The API's checks in its order: size first, then the type by content. */
async function checkPhoto(file: File): Promise<PhotoProblem | undefined> {
  if (file.size === 0) return { kind: 'empty' };
  if (file.size > BOT_PHOTO_MAX_BYTES) return { kind: 'tooLarge', size: file.size };
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  return isPngOrJpeg(head) ? undefined : { kind: 'type' };
}

function problemMessage(t: TFunction, language: string, problem: PhotoProblem): string {
  if (problem.kind === 'tooLarge') {
    const size = new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(problem.size / 1024 / 1024);
    return t('bots.photo.errors.tooLarge', { size, max: MAX_MB });
  }
  return t(`bots.photo.errors.${problem.kind}`);
}

/**
 * The REST path takes the bot's database id, not its GraphQL global id (base64 of "Bot:<id>", the
 * Relay plugin's encoding); anything else is sent as it is and answered "not found".
 */
function restBotId(globalId: string): string {
  try {
    const [typename, id] = atob(globalId).split(':');
    return typename === 'Bot' && id ? id : globalId;
  } catch {
    return globalId;
  }
}

/** The API's answer to PUT/DELETE, in the reader's words. */
function responseMessage(t: TFunction, language: string, status: number, file: File | undefined): string {
  switch (status) {
    case 400:
      return t('bots.photo.errors.type');
    case 413:
      return file && file.size > BOT_PHOTO_MAX_BYTES
        ? problemMessage(t, language, { kind: 'tooLarge', size: file.size })
        : t('bots.photo.errors.tooLargeServer', { max: MAX_MB });
    case 401:
      return t('errors.codes.AUTHENTICATION');
    case 403:
      return t('errors.codes.FORBIDDEN');
    case 404:
      return t('errors.codes.NOT_FOUND');
    case 429:
      return t('errors.codes.RATE_LIMITED');
    default:
      return t('errors.unexpected');
  }
}

/**
 * Choose, preview and upload the bot's profile image (PUT /api/bots/{id}/photo with the image as the
 * body and the CSRF header), or remove it. The API's size and type checks are made here first.
 */
export function BotPhotoPicker({ bot }: { bot: BotDetail }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'ja';
  const id = useId();
  const client = useClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<{ file: File; preview: string }>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<'upload' | 'remove'>();

  // The preview's Blob URL lives as long as the choice.
  useEffect(() => {
    if (!chosen) return;
    return () => URL.revokeObjectURL(chosen.preview);
  }, [chosen]);

  async function choose(file: File | undefined) {
    setError(undefined);
    setNotice(undefined);
    setChosen(undefined);
    if (!file) return;
    const problem = await checkPhoto(file);
    if (problem) {
      setError(problemMessage(t, language, problem));
      // The same file can be chosen again after a refusal.
      if (inputRef.current) inputRef.current.value = '';
      return;
    }
    setChosen({ file, preview: URL.createObjectURL(file) });
  }

  async function send(method: 'PUT' | 'DELETE') {
    setError(undefined);
    setNotice(undefined);
    setBusy(method === 'PUT' ? 'upload' : 'remove');
    const file = method === 'PUT' ? chosen?.file : undefined;
    try {
      const response = await fetch(`/api/bots/${encodeURIComponent(restBotId(bot.id))}/photo`, {
        method,
        credentials: 'same-origin',
        headers: { [csrfHeaderName]: readCsrfToken(), ...(file && { 'content-type': file.type || 'application/octet-stream' }) },
        ...(file && { body: file }),
      });
      if (!response.ok) {
        setError(responseMessage(t, language, response.status, file));
        return;
      }
      // The new photoUrl (its ?v= changes) reaches the detail page and the list through the cache.
      await client.query(BotDetailQuery, { id: bot.id }, { requestPolicy: 'network-only' }).toPromise();
      setChosen(undefined);
      if (inputRef.current) inputRef.current.value = '';
      setNotice(method === 'PUT' ? t('bots.photo.uploaded') : t('bots.photo.removed'));
    } catch {
      setError(t('errors.network'));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="card bots-photo" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="members-section-title">
        {t('bots.photo.title')}
      </h2>
      <div className="bots-photo__body">
        <div className="bots-photo__figure">
          {chosen ? (
            <img className="bots-avatar bots-avatar--xlarge" src={chosen.preview} alt={t('bots.photo.preview')} />
          ) : (
            <BotAvatar name={bot.name} photoUrl={bot.photoUrl} size="xlarge" alt={t('bots.photo.current')} />
          )}
        </div>
        <div className="bots-photo__controls">
          {bot.photoUrl || chosen ? null : <p className="bots-photo__none">{t('bots.photo.none')}</p>}
          <p className="field__hint" id={`${id}-hint`}>
            {t('bots.photo.hint', { max: MAX_MB })}
          </p>
          <div className="bots-photo__actions">
            {/* The native file input's own text follows the browser's language, so it is drawn here instead. */}
            <input
              ref={inputRef}
              id={`${id}-file`}
              className="visually-hidden members-file__input"
              type="file"
              accept="image/png,image/jpeg"
              aria-describedby={`${id}-hint`}
              aria-invalid={error ? true : undefined}
              disabled={busy !== undefined}
              onChange={(event) => void choose(event.target.files?.[0])}
            />
            <label htmlFor={`${id}-file`} className="button button--secondary members-file__button">
              {chosen || bot.photoUrl ? t('bots.photo.change') : t('bots.photo.choose')}
            </label>
            {chosen ? (
              <button type="button" className="button button--primary" disabled={busy !== undefined} onClick={() => void send('PUT')}>
                {busy === 'upload' ? t('bots.photo.uploading') : t('bots.photo.upload')}
              </button>
            ) : bot.photoUrl ? (
              <button type="button" className="button button--danger-outline" disabled={busy !== undefined} onClick={() => void send('DELETE')}>
                {busy === 'remove' ? t('bots.photo.removing') : t('bots.photo.remove')}
              </button>
            ) : null}
          </div>
          {chosen ? <p className="bots-photo__file">{chosen.file.name}</p> : null}
        </div>
      </div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
    </section>
  );
}
