import type { ApiScope, Authorities, AuthorityArea, AuthorityLevel } from '@worksbase/schema'
import { authorityAreas } from '@worksbase/schema'
import type { Actor } from './actor.ts'
import { AuthenticationError, ForbiddenError } from '../errors.ts'

const rank: Record<AuthorityLevel, number> = { NONE: 0, VIEW: 1, EDIT: 2 }

export const fullAuthorities: Authorities = {
  members: 'EDIT',
  bots: 'EDIT',
  external: 'EDIT',
  attendance: 'EDIT',
  audit: 'EDIT',
}

export function hasAuthority(actor: Actor, area: AuthorityArea, level: 'VIEW' | 'EDIT'): boolean {
  return rank[actor.authorities[area]] >= rank[level]
}

/** Throws unless the actor may act on `area` at `level`. */
export function requireAuthority(actor: Actor | null, area: AuthorityArea, level: 'VIEW' | 'EDIT'): Actor {
  if (!actor) throw new AuthenticationError('Sign in first')
  if (!hasAuthority(actor, area, level)) {
    throw new ForbiddenError(`This needs ${level === 'EDIT' ? 'view and edit' : 'view'} authority for ${area}`)
  }
  return actor
}

/** Managing admins and the tenant itself is reserved to the master administrator signed in. */
export function requireMaster(actor: Actor | null): Actor & { kind: 'admin' } {
  if (!actor) throw new AuthenticationError('Sign in first')
  if (actor.kind !== 'admin' || actor.role !== 'MASTER') {
    throw new ForbiddenError('Only the master administrator signed in can do this')
  }
  return actor
}

export function requireSignedInAdmin(actor: Actor | null): Actor & { kind: 'admin' } {
  if (!actor) throw new AuthenticationError('Sign in first')
  if (actor.kind !== 'admin') throw new ForbiddenError('API tokens cannot do this')
  return actor
}

export function adminAuthorities(admin: {
  role: 'MASTER' | 'GENERAL'
  membersAuthority: AuthorityLevel
  botsAuthority: AuthorityLevel
  externalAuthority: AuthorityLevel
  attendanceAuthority: AuthorityLevel
  auditAuthority: AuthorityLevel
}): Authorities {
  if (admin.role === 'MASTER') return fullAuthorities
  return {
    members: admin.membersAuthority,
    bots: admin.botsAuthority,
    external: admin.externalAuthority,
    attendance: admin.attendanceAuthority,
    audit: admin.auditAuthority,
  }
}

/** The authority an API token acts with: its creator's, narrowed to the token's scopes. */
export function tokenAuthorities(creator: Authorities, scopes: readonly string[]): Authorities {
  const result = { ...creator }
  for (const area of authorityAreas) {
    const granted: AuthorityLevel = scopes.includes(`${area}:write`)
      ? 'EDIT'
      : scopes.includes(`${area}:read`)
        ? 'VIEW'
        : 'NONE'
    result[area] = rank[granted] <= rank[creator[area]] ? granted : creator[area]
  }
  return result
}

/** Scopes an admin may put on a token: never more than their own authority. */
export function allowedScopes(authorities: Authorities): ApiScope[] {
  const scopes: ApiScope[] = []
  for (const area of authorityAreas) {
    if (rank[authorities[area]] >= 1) scopes.push(`${area}:read`)
    if (rank[authorities[area]] >= 2 && area !== 'audit') scopes.push(`${area}:write` as ApiScope)
  }
  return scopes
}
