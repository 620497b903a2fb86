import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats ISO instants for the current language: date and time, or just the time of a message today. */
export function useDateTimeFormat(): { dateTime: (iso: string) => string; messageTime: (iso: string) => string } {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'ja';
  return useMemo(() => {
    const full = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
    const today = new Date().toDateString();
    return {
      dateTime: (iso: string) => full.format(new Date(iso)),
      messageTime: (iso: string) => {
        const date = new Date(iso);
        return date.toDateString() === today ? time.format(date) : full.format(date);
      },
    };
  }, [language]);
}
