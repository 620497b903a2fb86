import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats ISO instants for the current language, e.g. "2026/11/21 9:02" or "Nov 21, 2026, 9:02 AM". */
export function useDateTimeFormat(): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'ja';
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    return (iso: string) => format.format(new Date(iso));
  }, [language]);
}
