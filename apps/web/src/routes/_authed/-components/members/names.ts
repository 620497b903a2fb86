interface NamedMember {
  familyName: string;
  givenName: string;
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
