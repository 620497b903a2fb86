import { useEffect, useId, useRef, useState } from 'react';
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
  const secretRef = useRef<HTMLInputElement>(null);
  const accountRef = useRef<HTMLInputElement>(null);
  const keyRef = useRef<HTMLTextAreaElement>(null);
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
      {clientSecret ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-secret`}>
            {t('apiApps.fields.clientSecret')}
          </label>
          <input
            ref={secretRef}
            id={`${id}-secret`}
            className="field__control tokens-secret__value"
            value={clientSecret}
            readOnly
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <span className="api-apps-secret__actions">
            <CopyButton text={clientSecret} label={t('apiApps.oneTime.copySecret')} fallbackTarget={() => secretRef.current} />
          </span>
        </div>
      ) : null}
      {serviceAccount ? (
        <>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-account`}>
              {t('apiApps.fields.serviceAccount')}
            </label>
            <input
              ref={accountRef}
              id={`${id}-account`}
              className="field__control tokens-secret__value"
              value={serviceAccount.accountId}
              readOnly
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
            />
            <span className="api-apps-secret__actions">
              <CopyButton text={serviceAccount.accountId} label={t('apiApps.oneTime.copyAccount')} fallbackTarget={() => accountRef.current} />
            </span>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-key`}>
              {t('apiApps.fields.privateKey')}
            </label>
            {/* PEM lines are 64 characters: they scroll inside the box rather than widen the page. */}
            <textarea
              ref={keyRef}
              id={`${id}-key`}
              className="field__control tokens-secret__value api-apps-secret__key"
              value={serviceAccount.privateKey}
              readOnly
              rows={6}
              wrap="off"
              spellCheck={false}
              autoComplete="off"
              onFocus={(event) => event.currentTarget.select()}
            />
            <span className="api-apps-secret__actions">
              <button type="button" className="button button--secondary" onClick={() => download(serviceAccount.privateKey)}>
                <DownloadIcon />
                {t('apiApps.oneTime.download')}
              </button>
              <CopyButton text={serviceAccount.privateKey} label={t('apiApps.oneTime.copyKey')} fallbackTarget={() => keyRef.current} />
            </span>
            <span className="tokens-copy__status" role="status">
              {downloaded ? t('apiApps.oneTime.downloaded', { file: downloaded }) : ''}
            </span>
          </div>
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

function DownloadIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
    </svg>
  );
}
