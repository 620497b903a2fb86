import type { Authorities } from '@worksbase/schema'
import type { AdminRole } from '#generated/prisma/enums.ts'

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
