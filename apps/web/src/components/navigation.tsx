import type { ReactNode } from 'react';
import { AdminsIcon, AuditIcon, BotsIcon, DomainsIcon, ExternalIcon, MembersIcon, TokensIcon } from './icons.tsx';

export interface NavEntry {
  to: '/members' | '/domains' | '/external' | '/bots' | '/admins' | '/tokens' | '/audit';
  label: 'nav.members' | 'nav.domains' | 'nav.external' | 'nav.bots' | 'nav.admins' | 'nav.tokens' | 'nav.audit';
  icon: ReactNode;
}

/** Shown in the phone's bottom bar; the rest sit behind "More" there. The sidebar shows all. */
export const primaryNav: readonly NavEntry[] = [
  { to: '/members', label: 'nav.members', icon: <MembersIcon /> },
  { to: '/domains', label: 'nav.domains', icon: <DomainsIcon /> },
  { to: '/external', label: 'nav.external', icon: <ExternalIcon /> },
];

export const secondaryNav: readonly (NavEntry & {
  description: 'more.bots' | 'more.admins' | 'more.tokens' | 'more.audit';
})[] = [
  { to: '/bots', label: 'nav.bots', icon: <BotsIcon />, description: 'more.bots' },
  { to: '/admins', label: 'nav.admins', icon: <AdminsIcon />, description: 'more.admins' },
  { to: '/tokens', label: 'nav.tokens', icon: <TokensIcon />, description: 'more.tokens' },
  { to: '/audit', label: 'nav.audit', icon: <AuditIcon />, description: 'more.audit' },
];
