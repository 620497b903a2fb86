import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { ja } from './ja.ts';

export const languages = ['ja', 'en'] as const;
export type AppLanguage = (typeof languages)[number];

const storageKey = 'worksbase.language';

export function isAppLanguage(value: unknown): value is AppLanguage {
  return languages.some((language) => language === value);
}

/** The saved choice, else the first ja/en browser language, else Japanese. */
function initialLanguage(): AppLanguage {
  const saved = readStoredLanguage();
  if (saved) return saved;
  for (const tag of navigator.languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isAppLanguage(primary)) return primary;
  }
  return 'ja';
}

function readStoredLanguage(): AppLanguage | undefined {
  try {
    const value = localStorage.getItem(storageKey);
    return isAppLanguage(value) ? value : undefined;
  } catch {
    // Storage can be unavailable (privacy mode); the browser language is then used.
    return undefined;
  }
}

export function changeLanguage(language: AppLanguage): Promise<unknown> {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not persisting is acceptable; the switch still applies to this page.
  }
  return i18n.changeLanguage(language);
}

export function currentLanguage(): AppLanguage {
  return isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'ja';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

// Resources are bundled, so initialisation completes synchronously (initAsync: false).
void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'ja',
  supportedLngs: languages,
  interpolation: { escapeValue: false },
  initAsync: false,
});

export { i18n };
