import type { ReactNode } from 'react';
import { AdminsIcon, AuditIcon, BotsIcon, DomainsIcon, ExternalIcon, MembersIcon, TokensIcon } from './icons.tsx';

export interface NavEntry {
  to: '/members' | '/domains' | '/external' | '/bots' | '/attendance' | '/admins' | '/tokens' | '/audit';
  label: 'nav.members' | 'nav.domains' | 'nav.external' | 'nav.bots' | 'nav.attendance' | 'nav.admins' | 'nav.tokens' | 'nav.audit';
  icon: ReactNode;
}

/** Shown in the phone's bottom bar; the rest sit behind "More" there. The sidebar shows all. */
export const primaryNav: readonly NavEntry[] = [
  { to: '/members', label: 'nav.members', icon: <MembersIcon /> },
  { to: '/domains', label: 'nav.domains', icon: <DomainsIcon /> },
  { to: '/external', label: 'nav.external', icon: <ExternalIcon /> },
];

export const secondaryNav: readonly (NavEntry & {
  description: 'more.bots' | 'more.attendance' | 'more.admins' | 'more.tokens' | 'more.audit';
})[] = [
  { to: '/bots', label: 'nav.bots', icon: <BotsIcon />, description: 'more.bots' },
  { to: '/attendance', label: 'nav.attendance', icon: <AttendanceIcon />, description: 'more.attendance' },
  { to: '/admins', label: 'nav.admins', icon: <AdminsIcon />, description: 'more.admins' },
  { to: '/tokens', label: 'nav.tokens', icon: <TokensIcon />, description: 'more.tokens' },
  { to: '/audit', label: 'nav.audit', icon: <AuditIcon />, description: 'more.audit' },
];

/** A clock: stamping in and out. Drawn like the icons in icons.tsx. */
function AttendanceIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </svg>
  );
}
