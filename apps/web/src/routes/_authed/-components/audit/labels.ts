import type { TFunction } from 'i18next';
import { hasMessage } from '../../../../i18n/errors.ts';
import type { Messages } from '../../../../i18n/ja.ts';
import type { AuditArea } from './search.ts';

type ActionKey = keyof Messages['audit']['actions'];

function isActionKey(t: TFunction, key: string): key is ActionKey {
  return hasMessage(t, `audit.actions.${key}`);
}

/** "orgUnit.create" → "Department added"; actions this version does not know keep their code. */
export function actionLabel(t: TFunction, action: string): string {
  const key = action.replaceAll('.', '_');
  return isActionKey(t, key) ? t(`audit.actions.${key}`) : action;
}

/**
 * What an entry names as its target, in words: labels the API records as codes (the attendance
 * linkage's mode) are translated; names, login ids and file names stay as recorded.
 */
export function targetLabel(t: TFunction, entry: { targetType: string; targetLabel: string | null }): string | null {
  if (entry.targetType === 'AttendanceLinkage' && (entry.targetLabel === 'PLATFORM' || entry.targetLabel === 'EXTERNAL')) {
    return t(`audit.linkageModes.${entry.targetLabel}`);
  }
  return entry.targetLabel;
}

export function areaLabel(t: TFunction, area: AuditArea): string {
  return t(`audit.areas.${area}`);
}
