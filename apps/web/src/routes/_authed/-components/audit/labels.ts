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

export function areaLabel(t: TFunction, area: AuditArea): string {
  return t(`audit.areas.${area}`);
}
