import type { Authorities, AuthorityArea } from '@worksbase/schema'
import type { Database } from './db/index.ts'
import type { Env } from './env.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'
import type { AdminRole } from '#generated/prisma/enums.ts'
import type { Services } from './services/index.ts'
import type { MemberViewer } from './services/member-auth.ts'

/** Who is making a request: a signed-in admin (cookie session) or an integrator's API token. */
export type Actor =
  | {
      kind: 'admin'
      tenantId: string
      adminId: string
      label: string
      role: AdminRole
      authorities: Authorities
      sessionId: string
    }
  | {
      kind: 'token'
      tenantId: string
      adminId: string
      tokenId: string
      label: string
      role: AdminRole
      /** The creator's authority narrowed to the token's scopes. */
      authorities: Authorities
    }

export interface Context {
  db: Database
  prisma: PrismaClient
  env: Env
  services: Services
  request: Request
  actor: Actor | null
  /** A member signed in to the talk view (never an admin: members have no admin authority). */
  member: MemberViewer | null
  /** Client address (for rate limits). */
  ip: string
  /** Set-Cookie values the response must carry. */
  responseCookies: string[]
}

export type { Authorities, AuthorityArea }
