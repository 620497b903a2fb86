import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckIcon, CopyIcon } from '../../../../components/icons.tsx';

/**
 * Copies `text`. The Clipboard API needs a secure context (HTTPS or localhost); elsewhere the
 * text of `fallbackTarget` is selected and copied the old way.
 */
export function CopyButton({ text, label, fallbackTarget }: { text: string; label: string; fallbackTarget?: () => HTMLInputElement | HTMLTextAreaElement | null }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 3000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      const target = fallbackTarget?.();
      target?.select();
      setState(target && document.execCommand('copy') ? 'copied' : 'failed');
    }
  }

  return (
    <span className="tokens-copy">
      <button type="button" className="button button--secondary" onClick={() => void copy()}>
        {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
        {label}
      </button>
      <span className="tokens-copy__status" role="status">
        {state === 'copied' ? t('tokens.copied') : state === 'failed' ? t('tokens.copyFailed') : ''}
      </span>
    </span>
  );
}
