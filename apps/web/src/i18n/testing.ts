import i18next, { type TFunction } from 'i18next';
import { en } from './en.ts';
import { ja } from './ja.ts';

/** The app's messages in one language, without the browser (for unit tests). */
export async function translator(language: 'ja' | 'en'): Promise<TFunction> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: language,
    fallbackLng: 'ja',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}

