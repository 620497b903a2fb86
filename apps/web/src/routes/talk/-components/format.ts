import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Message content as stored: LINE WORKS JSON, read defensively (bots send what they like). */
export type Content = Record<string, unknown>;

export function asContent(value: unknown): Content {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Content) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The text in the reader's language when the bot sent i18nTexts (ja_JP / en_US), else `text`. */
export function localizedText(content: Content, language: string): string {
  const wanted = language === 'en' ? 'en_US' : 'ja_JP';
  for (const entry of list(content.i18nTexts)) {
    const item = asContent(entry);
    if (item.language === wanted && str(item.text)) return String(item.text);
  }
  return str(content.text) ?? '';
}

/** One line for the talk list. */
export function contentPreview(t: TFunction, raw: unknown): string {
  const content = asContent(raw);
  switch (content.type) {
    case 'text':
      return str(content.text) ?? '';
    case 'postback':
      return str(content.displayText) ?? t('talk.room.actionSent');
    case 'sticker':
      return t('talk.room.sticker');
    case 'image':
      return t('talk.room.image');
    case 'file':
      return t('talk.room.file');
    case 'link':
    case 'button_template':
      return str(content.contentText) ?? '';
    case 'list_template':
      return str(asContent(content.coverData).title) ?? str(asContent(list(content.elements)[0]).title) ?? '';
    case 'carousel':
      return str(asContent(list(content.columns)[0]).title) ?? str(asContent(list(content.columns)[0]).text) ?? '';
    case 'flex':
      return str(content.altText) ?? t('talk.room.flexNote');
    default:
      return '';
  }
}

/** Time of day for today's messages, date and time for older ones. */
export function useTalkTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'ja';
  return useMemo(() => {
    const full = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
    return (iso: string) => {
      const date = new Date(iso);
      return date.toDateString() === new Date().toDateString() ? time.format(date) : full.format(date);
    };
  }, [language]);
}
