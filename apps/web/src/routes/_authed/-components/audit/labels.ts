import type { TFunction } from 'i18next';
import { ja } from '../../../../i18n/ja.ts';
import type { AuditArea } from './search.ts';

type ActionKey = keyof typeof ja.audit.actions;

function isActionKey(key: string): key is ActionKey {
  return Object.hasOwn(ja.audit.actions, key);
}

/** "orgUnit.create" → "Department added"; actions this version does not know keep their code. */
export function actionLabel(t: TFunction, action: string): string {
  const key = action.replaceAll('.', '_');
  return isActionKey(key) ? t(`audit.actions.${key}`) : action;
}

export function areaLabel(t: TFunction, area: AuditArea): string {
  return t(`audit.areas.${area}`);
}
