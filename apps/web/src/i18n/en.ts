import { adminEn } from './admin.en.ts';
import { apiAppsEn } from './apiApps.en.ts';
import { attendanceEn } from './attendance.en.ts';
import { baseEn } from './base.en.ts';
import { botsEn } from './bots.en.ts';
import { externalEn } from './external.en.ts';
import type { Messages } from './ja.ts';
import { simulatorEn } from './simulator.en.ts';

/** English, whole (for tests; the app loads the parts separately, see i18n.ts). */
export const en: Messages = { ...baseEn, ...adminEn, attendance: attendanceEn, bots: botsEn, apiApps: apiAppsEn, external: externalEn, simulator: simulatorEn };
