import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

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

/**
 * Messages come in parts, each a chunk per language, loaded on first use: a page downloads only
 * its language, and the sign-in and talk pages only the base part. `admin` is loaded by the admin
 * routes before they render (routes/_authed.tsx); each area with many words of its own has a part
 * its routes load (attendance, bots with the API apps, external messaging with the simulator).
 */
const parts = {
  base: { ja: () => import('./base.ja.ts').then((module) => module.baseJa), en: () => import('./base.en.ts').then((module) => module.baseEn) },
  admin: { ja: () => import('./admin.ja.ts').then((module) => module.adminJa), en: () => import('./admin.en.ts').then((module) => module.adminEn) },
  attendance: {
    ja: () => import('./attendance.ja.ts').then((module) => ({ attendance: module.attendanceJa })),
    en: () => import('./attendance.en.ts').then((module) => ({ attendance: module.attendanceEn })),
  },
  bots: {
    ja: () => Promise.all([import('./bots.ja.ts'), import('./apiApps.ja.ts')]).then(([bots, apps]) => ({ bots: bots.botsJa, apiApps: apps.apiAppsJa })),
    en: () => Promise.all([import('./bots.en.ts'), import('./apiApps.en.ts')]).then(([bots, apps]) => ({ bots: bots.botsEn, apiApps: apps.apiAppsEn })),
  },
  external: {
    ja: () => Promise.all([import('./external.ja.ts'), import('./simulator.ja.ts')]).then(([external, simulator]) => ({ external: external.externalJa, simulator: simulator.simulatorJa })),
    en: () => Promise.all([import('./external.en.ts'), import('./simulator.en.ts')]).then(([external, simulator]) => ({ external: external.externalEn, simulator: simulator.simulatorEn })),
  },
} satisfies Record<string, Record<AppLanguage, () => Promise<object>>>;

export type MessagePart = keyof typeof parts;

const wanted = new Set<MessagePart>(['base']);
const loaded = new Map<string, Promise<void>>();

// Parts may arrive before i18next has started (the router starts loading while the base part
// downloads, see main.tsx), and `init` replaces the store: they are added only after it.
let markStarted: () => void = () => {};
const started = new Promise<void>((resolve) => {
  markStarted = resolve;
});

function loadPart(part: MessagePart, language: AppLanguage): Promise<void> {
  const key = `${part}:${language}`;
  let loading = loaded.get(key);
  if (!loading) {
    loading = Promise.all([parts[part][language](), started]).then(([messages]) => {
      i18n.addResourceBundle(language, 'translation', messages, true, true);
    });
    // A failed download (offline) may be retried by the next navigation.
    loading.catch(() => loaded.delete(key));
    loaded.set(key, loading);
  }
  return loading;
}

/** Makes sure a part of the messages is there, in the current language and after any switch. */
export function loadMessages(part: MessagePart): Promise<void> {
  wanted.add(part);
  // Routes may start loading before i18next has started (main.tsx): the language is then the one
  // it is about to start with.
  return loadPart(part, isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : initialLanguage());
}

export async function changeLanguage(language: AppLanguage): Promise<unknown> {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not persisting is acceptable; the switch still applies to this page.
  }
  await Promise.all([...wanted].map((part) => loadPart(part, language)));
  return i18n.changeLanguage(language);
}

export function currentLanguage(): AppLanguage {
  return isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'ja';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Starts i18next with the base messages in the reader's language; the app renders after this. */
export async function initI18n(): Promise<void> {
  const language = initialLanguage();
  const base = await parts.base[language]();
  loaded.set(`base:${language}`, Promise.resolve());
  await i18n.use(initReactI18next).init({
    resources: { [language]: { translation: base } },
    partialBundledLanguages: true,
    lng: language,
    // Every language has every key (en.ts is typed against ja.ts): there is nothing to fall back
    // to, and so no second language to download.
    fallbackLng: false,
    supportedLngs: languages,
    interpolation: { escapeValue: false },
  });
  markStarted();
  document.documentElement.lang = language;
}

export { i18n };
