import type { Database } from './db/index.ts'
import type { Env } from './env.ts'
import type { PrismaClient } from '#generated/prisma/client.ts'
import type { Actor } from './services/actor.ts'
import type { Services } from './services/index.ts'
import type { MemberViewer } from './services/member-auth.ts'

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
