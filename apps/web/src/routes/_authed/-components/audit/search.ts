import { auditAreas } from '@worksbase/schema/values';
import { optionalEnum, optionalInstant, optionalTrimmedText, searchParams } from '../../../../lib/search.ts';

/** The audit filters as they live in the URL (?actor&area&target&text&from&to); bad values are dropped. */
export const auditSearchSchema = searchParams({
  actor: optionalTrimmedText(254),
  area: optionalEnum(auditAreas),
  target: optionalTrimmedText(200),
  text: optionalTrimmedText(200),
  from: optionalInstant(),
  to: optionalInstant(),
});

export type AuditSearch = ReturnType<typeof auditSearchSchema>;
export type AuditArea = (typeof auditAreas)[number];
export { auditAreas };

export const AUDIT_PAGE_SIZE = 50;

/** Only the filters that are set, so equal searches give equal query variables (and cache keys). */
export function definedFilters(search: AuditSearch): AuditSearch {
  const filters: AuditSearch = {};
  if (search.actor) filters.actor = search.actor;
  if (search.area) filters.area = search.area;
  if (search.target) filters.target = search.target;
  if (search.text) filters.text = search.text;
  if (search.from) filters.from = search.from;
  if (search.to) filters.to = search.to;
  return filters;
}

export function auditVariables(search: AuditSearch, after: string | null = null) {
  return { first: AUDIT_PAGE_SIZE, after, ...definedFilters(search) };
}

/** Query string for GET /api/audit.csv with the same filters as the list. */
export function csvQueryString(search: AuditSearch): string {
  return new URLSearchParams(Object.entries(definedFilters(search))).toString();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** An instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A datetime-local value (minute precision, browser time zone) as an ISO instant. `end` takes the
 * last millisecond of that minute, so "to 10:00" includes what happened during 10:00.
 */
export function fromLocalInput(value: string, end = false): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Date(date.getTime() + (end ? 59_999 : 0)).toISOString();
}
