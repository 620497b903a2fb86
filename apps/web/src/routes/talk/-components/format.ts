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

/** A string, number or boolean as text, anything else as ''. (`String()` throws on some objects, e.g. `{"toString": 1}`.) */
export function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** An http(s) URL the browser may open or load, normalised by the URL parser; anything else is not one. */
export function safeUrl(value: unknown): string | undefined {
  const text = str(value);
  if (!text || !/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

/** Percent escapes decoded for reading; text whose escapes are malformed stays as it is. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The file name at the end of a URL's path, decoded for reading (undefined when the path ends in /). */
export function fileNameOf(url: string): string | undefined {
  try {
    return str(safeDecode(new URL(url).pathname.split('/').pop() ?? ''));
  } catch {
    return undefined;
  }
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
      // Formatting an invalid date throws; the stored text is shown instead.
      if (Number.isNaN(date.getTime())) return iso;
      return date.toDateString() === new Date().toDateString() ? time.format(date) : full.format(date);
    };
  }, [language]);
}
