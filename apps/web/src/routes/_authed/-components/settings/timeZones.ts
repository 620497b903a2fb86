/** Offered first: where tenants of a LINE WORKS-compatible service usually are. */
export const commonTimeZones = [
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Taipei',
  'Asia/Hong_Kong',
  'Asia/Singapore',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Pacific/Honolulu',
  'UTC',
] as const;

/** Every zone the browser knows, without the common ones (they are listed above them). */
export function otherTimeZones(): string[] {
  const common = new Set<string>(commonTimeZones);
  return Intl.supportedValuesOf('timeZone').filter((zone) => !common.has(zone));
}

/** "14:05 (GMT+9)": the time now in `zone`, to check the choice at a glance. */
export function nowIn(zone: string, language: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(language, { timeZone: zone, hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' }).format(new Date());
  } catch {
    return '';
  }
}
