import { adminEn } from './admin.en.ts';
import { baseEn } from './base.en.ts';
import type { Messages } from './ja.ts';

/** English, whole (for tests; the app loads the two parts separately, see i18n.ts). */
export const en: Messages = { ...baseEn, ...adminEn };
