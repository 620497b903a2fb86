interface NamedMember {
  familyName: string;
  givenName: string;
  familyNameReading?: string | null;
  givenNameReading?: string | null;
  i18nNames: readonly { language: 'JA' | 'EN'; familyName: string; givenName: string }[];
}

/** The main (Japanese) name, family name first. */
export function primaryName(member: NamedMember): string {
  return [member.familyName, member.givenName].filter(Boolean).join(' ');
}

/** The English name, given name first ("Taro Sato"), or null when none is set. */
export function englishName(member: NamedMember): string | null {
  const name = member.i18nNames.find((entry) => entry.language === 'EN');
  if (!name) return null;
  return [name.givenName, name.familyName].filter(Boolean).join(' ') || null;
}

/** The reading of the name (フリガナ), family name first, or null when none is set. */
export function readingName(member: NamedMember): string | null {
  return [member.familyNameReading, member.givenNameReading].filter(Boolean).join(' ') || null;
}

/**
 * The line under a member's name in lists: the reading for Japanese readers (what the list is
 * sorted by), the English name for English ones, else whichever there is.
 */
export function secondaryName(member: NamedMember, language: string | undefined): { text: string; lang?: 'en' } | null {
  const reading = readingName(member);
  const english = englishName(member);
  if (language === 'en' ? english : !reading && english) return { text: english ?? '', lang: 'en' };
  return reading ? { text: reading } : null;
}
