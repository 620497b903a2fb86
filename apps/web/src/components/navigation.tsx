import type { ReactNode } from 'react';
import type { AuthorityArea } from '../graphql/authorities.ts';
import { AdminsIcon, AuditIcon, BotsIcon, DomainsIcon, ExternalIcon, HomeIcon, MembersIcon, TokensIcon } from './icons.tsx';

export interface NavEntry {
  to: '/' | '/members' | '/domains' | '/external' | '/bots' | '/attendance' | '/admins' | '/tokens' | '/audit';
  label: 'nav.home' | 'nav.members' | 'nav.domains' | 'nav.external' | 'nav.bots' | 'nav.attendance' | 'nav.admins' | 'nav.tokens' | 'nav.audit';
  icon: ReactNode;
  /** The authority the area needs to be viewed; none: every admin may open it. */
  area?: AuthorityArea;
}

/** Shown in the phone's bottom bar; the rest sit behind "More" there. The sidebar shows all. */
export const primaryNav: readonly NavEntry[] = [
  { to: '/', label: 'nav.home', icon: <HomeIcon /> },
  { to: '/members', label: 'nav.members', icon: <MembersIcon />, area: 'members' },
  { to: '/domains', label: 'nav.domains', icon: <DomainsIcon />, area: 'members' },
  { to: '/external', label: 'nav.external', icon: <ExternalIcon />, area: 'external' },
];

export const secondaryNav: readonly (NavEntry & {
  description: 'more.bots' | 'more.attendance' | 'more.admins' | 'more.tokens' | 'more.audit';
})[] = [
  { to: '/bots', label: 'nav.bots', icon: <BotsIcon />, description: 'more.bots', area: 'bots' },
  { to: '/attendance', label: 'nav.attendance', icon: <AttendanceIcon />, description: 'more.attendance', area: 'attendance' },
  { to: '/admins', label: 'nav.admins', icon: <AdminsIcon />, description: 'more.admins' },
  { to: '/tokens', label: 'nav.tokens', icon: <TokensIcon />, description: 'more.tokens' },
  { to: '/audit', label: 'nav.audit', icon: <AuditIcon />, description: 'more.audit', area: 'audit' },
];

/**
 * The entries an admin may open: an area they have no authority for only leads to a lock page, so
 * it is not offered (a link to it still explains why it is locked).
 */
export function allowedEntries<Entry extends NavEntry>(entries: readonly Entry[], authorities: Record<AuthorityArea, string> | undefined): Entry[] {
  return entries.filter((entry) => !entry.area || (authorities !== undefined && authorities[entry.area] !== 'NONE'));
}

/** A clock: stamping in and out. Drawn like the icons in icons.tsx. */
function AttendanceIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </svg>
  );
}
