// Japanese is the reference language: `Messages` is derived from these objects, and every other
// language must provide exactly the same keys (see en.ts). The app loads the two parts separately
// (i18n.ts); this whole dictionary is for types and tests.
import { adminJa } from './admin.ja.ts';
import { baseJa } from './base.ja.ts';

export const ja = { ...baseJa, ...adminJa };

export type Messages = typeof ja;
