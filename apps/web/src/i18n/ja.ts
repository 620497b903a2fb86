// Japanese is the reference language: `Messages` is derived from these objects, and every other
// language must provide exactly the same keys (see en.ts). The app loads the parts separately
// (i18n.ts); this whole dictionary is for types and tests.
import { adminJa } from './admin.ja.ts';
import { apiAppsJa } from './apiApps.ja.ts';
import { attendanceJa } from './attendance.ja.ts';
import { baseJa } from './base.ja.ts';
import { botsJa } from './bots.ja.ts';
import { externalJa } from './external.ja.ts';
import { simulatorJa } from './simulator.ja.ts';

export const ja = { ...baseJa, ...adminJa, attendance: attendanceJa, bots: botsJa, apiApps: apiAppsJa, external: externalJa, simulator: simulatorJa };

export type Messages = typeof ja;
