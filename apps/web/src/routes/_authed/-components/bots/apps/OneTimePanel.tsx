import { type FocusEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../tokens/CopyButton.tsx';
import { privateKeyFileName, saveTextFile } from './download.ts';
import type { OneTimeCredentials } from './oneTime.ts';

/**
 * The Client Secret and/or a service account's private key, right after they were issued: the server
 * keeps only a hash and a public key, so this is the only time they can be copied or downloaded.
 */
export function OneTimePanel({ credentials, onDone }: { credentials: OneTimeCredentials; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [downloaded, setDownloaded] = useState<string>();
  const { clientSecret, serviceAccount } = credentials;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  function download(privateKey: string) {
    const fileName = privateKeyFileName();
    saveTextFile(privateKey, fileName);
    setDownloaded(fileName);
  }

  return (
    <section className="tokens-secret api-apps-secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="tokens-secret__title" ref={headingRef} tabIndex={-1}>
        {t('apiApps.oneTime.title')}
      </h2>
      <p className="tokens-secret__warning">{t('apiApps.oneTime.warning')}</p>
      {clientSecret ? <SecretField label={t('apiApps.fields.clientSecret')} value={clientSecret} copyLabel={t('apiApps.oneTime.copySecret')} /> : null}
      {serviceAccount ? (
        <>
          <SecretField label={t('apiApps.fields.serviceAccount')} value={serviceAccount.accountId} copyLabel={t('apiApps.oneTime.copyAccount')} />
          <SecretField
            label={t('apiApps.fields.privateKey')}
            value={serviceAccount.privateKey}
            copyLabel={t('apiApps.oneTime.copyKey')}
            multiline
            actions={
              <button type="button" className="button button--secondary" onClick={() => download(serviceAccount.privateKey)}>
                <DownloadIcon />
                {t('apiApps.oneTime.download')}
              </button>
            }
          >
            <span className="tokens-copy__status" role="status">
              {downloaded ? t('apiApps.oneTime.downloaded', { file: downloaded }) : ''}
            </span>
          </SecretField>
        </>
      ) : null}
      <div className="tokens-secret__actions api-apps-secret__done">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('apiApps.oneTime.done')}
        </button>
      </div>
    </section>
  );
}

interface SecretFieldProps {
  label: string;
  value: string;
  copyLabel: string;
  /** A private key: PEM lines are 64 characters, so they scroll inside the box rather than widen the page. */
  multiline?: boolean;
  /** Buttons before the copy button. */
  actions?: ReactNode;
  /** Under the buttons. */
  children?: ReactNode;
}

/** One value shown once: read-only, selected on focus, with a copy button. */
function SecretField({ label, value, copyLabel, multiline = false, actions, children }: SecretFieldProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  const shared = {
    id,
    value,
    readOnly: true,
    spellCheck: false,
    autoComplete: 'off',
    onFocus: (event: FocusEvent<HTMLInputElement | HTMLTextAreaElement>) => event.currentTarget.select(),
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea ref={textAreaRef} className="field__control tokens-secret__value api-apps-secret__key" rows={6} wrap="off" {...shared} />
      ) : (
        <input ref={inputRef} className="field__control tokens-secret__value" {...shared} />
      )}
      <span className="api-apps-secret__actions">
        {actions}
        <CopyButton text={value} label={copyLabel} fallbackTarget={() => inputRef.current ?? textAreaRef.current} />
      </span>
      {children}
    </div>
  );
}

function DownloadIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  );
}
