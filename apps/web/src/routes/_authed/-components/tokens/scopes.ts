import { authorityAreas } from '@worksbase/schema';
import type { TFunction } from 'i18next';

type Area = (typeof authorityAreas)[number];

function isArea(value: string): value is Area {
  return authorityAreas.some((area) => area === value);
}

/** "members:read" → "Members: view"; a scope this version does not know is shown as it is. */
export function scopeLabel(t: TFunction, scope: string): string {
  const [area = '', access] = scope.split(':');
  if (!isArea(area) || (access !== 'read' && access !== 'write')) return scope;
  return t(`tokens.scopeAccess.${access}`, { area: t(`admins.areas.${area}`) });
}
