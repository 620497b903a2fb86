import { createPubSub } from 'graphql-yoga'
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Env } from '../env.ts'
import { loadSecretBox } from '../lib/secret-box.ts'
import { attendanceCallbackConsumer } from './attendance/index.ts'
import { setAuditKey } from './audit.ts'
import type { BotDeps } from './bots.ts'
import type { CallbackConsumer } from './callbacks.ts'
import type { AppPubSub, PubSubChannels } from './pubsub.ts'

export type { AppPubSub, MemberImportProgress, PubSubChannels } from './pubsub.ts'

/** Long-lived collaborators shared by every request. */
export interface Services {
  loginLimiter: RateLimiterAbstract
  /** Token endpoint requests per client address and minute. */
  tokenLimiter: RateLimiterAbstract
  /** Bot API requests per API app and minute (see rest/bot-api.ts). */
  botApiLimiter: RateLimiterAbstract
  pubsub: AppPubSub
  /** Wakes this process's job worker after a job was queued (other processes find it by polling). */
  nudgeJobs: () => void
  /** The secrets key and the callback URL policy. */
  bots: BotDeps
  /** Bots answered in-process rather than over HTTP (this platform's attendance bot): see queueCallback. */
  callbackConsumers: readonly CallbackConsumer[]
}

/** HKDF label of the audit chain's key (see services/audit.ts). */
export const AUDIT_KEY_PURPOSE = 'worksbase audit chain v1'

export function createServices(env: Env): Services {
  const secrets = loadSecretBox(env)
  // The audit chain is keyed from the secrets key: it is already kept outside the database and shared
  // by every API process, so there is nothing new to configure or to lose.
  setAuditKey(secrets.deriveKey(AUDIT_KEY_PURPOSE))
  return {
    // Counts failed logins per client address and e-mail; a success clears the count.
    loginLimiter: new RateLimiterMemory({ points: env.LOGIN_RATE_LIMIT_PER_15MIN, duration: 15 * 60 }),
    tokenLimiter: new RateLimiterMemory({ points: env.TOKEN_RATE_LIMIT_PER_MIN, duration: 60 }),
    botApiLimiter: new RateLimiterMemory({ points: env.BOT_API_RATE_LIMIT_PER_MIN, duration: 60 }),
    pubsub: createPubSub<PubSubChannels>(),
    nudgeJobs: () => {},
    callbackConsumers: [attendanceCallbackConsumer],
    bots: {
      secrets,
      callbackPolicy: { allowedHosts: env.CALLBACK_ALLOWED_HOSTS, allowHttpForAllowedHosts: env.CALLBACK_ALLOW_HTTP ?? false },
    },
  }
}
