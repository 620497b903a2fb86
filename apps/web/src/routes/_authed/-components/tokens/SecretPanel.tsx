import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.tsx';
import { UsageExample } from './UsageExample.tsx';

/** Shown once, right after a token is created: the secret cannot be read again later. */
export function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="tokens-secret" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="tokens-secret__title" ref={headingRef} tabIndex={-1}>
        {t('tokens.secretTitle', { name })}
      </h2>
      <p className="tokens-secret__warning">{t('tokens.secretWarning')}</p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-secret`}>
          {t('tokens.secret')}
        </label>
        <input
          ref={inputRef}
          id={`${id}-secret`}
          className="field__control tokens-secret__value"
          value={secret}
          readOnly
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="tokens-secret__actions">
        <CopyButton text={secret} label={t('tokens.copySecret')} fallbackTarget={() => inputRef.current} />
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('tokens.secretDone')}
        </button>
      </div>
      <UsageExample secret={secret} headingLevel={3} />
    </section>
  );
}
