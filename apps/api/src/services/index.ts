import { createRedisEventTarget } from '@graphql-yoga/redis-event-target'
import { createPubSub } from 'graphql-yoga'
import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible'
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
  /** Whether Redis is there when it is configured (null without REDIS_URL): /readyz reports it. */
  redisReady: () => Promise<boolean | null>
  /** Closes what the services hold open (the Redis connections). */
  close: () => Promise<void>
}

/** Where the shared state lives in Redis: rate limiter keys start with it. */
const REDIS_PREFIX = 'worksbase'

/**
 * Limits, given as points per window in seconds. In memory they hold per process; with Redis
 * (REDIS_URL) they hold across every process, and should Redis be unreachable each process falls
 * back to its own memory limiter (the insurance) rather than refusing or letting everything through.
 */
function limiter(redis: Redis | null, name: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration })
  if (!redis) return memory
  return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${REDIS_PREFIX}:${name}`, points, duration, insuranceLimiter: memory })
}

function connectRedis(url: string, role: string): Redis {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectionName: `worksbase-${role}` })
  // Without a listener an 'error' event would end the process; ioredis reconnects by itself.
  let reported = false
  client.on('error', (error: Error) => {
    if (!reported) console.error(`redis (${role}): ${error.message}; reconnecting`)
    reported = true
  })
  client.on('ready', () => {
    reported = false
  })
  return client
}

/** HKDF label of the audit chain's key (see services/audit.ts). */
export const AUDIT_KEY_PURPOSE = 'worksbase audit chain v1'

export function createServices(env: Env): Services {
  const secrets = loadSecretBox(env)
  // The audit chain is keyed from the secrets key: it is already kept outside the database and shared
  // by every API process, so there is nothing new to configure or to lose.
  setAuditKey(secrets.deriveKey(AUDIT_KEY_PURPOSE))
  // With Redis, live events and rate limits are shared by every API process; without it (the
  // embedded database, one process) both stay in this process's memory.
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, 'commands') : null
  const subscriber = redis ? connectRedis(env.REDIS_URL ?? '', 'events') : null
  return {
    // Counts login attempts per client address and e-mail; a success clears the count.
    loginLimiter: limiter(redis, 'login', env.LOGIN_RATE_LIMIT_PER_15MIN, 15 * 60),
    tokenLimiter: limiter(redis, 'token', env.TOKEN_RATE_LIMIT_PER_MIN, 60),
    botApiLimiter: limiter(redis, 'bot-api', env.BOT_API_RATE_LIMIT_PER_MIN, 60),
    pubsub:
      redis && subscriber
        ? createPubSub<PubSubChannels>({ eventTarget: createRedisEventTarget({ publishClient: redis, subscribeClient: subscriber }) })
        : createPubSub<PubSubChannels>(),
    nudgeJobs: () => {},
    callbackConsumers: [attendanceCallbackConsumer],
    bots: {
      secrets,
      callbackPolicy: { allowedHosts: env.CALLBACK_ALLOWED_HOSTS, allowHttpForAllowedHosts: env.CALLBACK_ALLOW_HTTP ?? false },
    },
    redisReady: async () => {
      if (!redis || !subscriber) return null
      if (redis.status !== 'ready' || subscriber.status !== 'ready') return false
      return redis.ping().then(
        (answer) => answer === 'PONG',
        () => false,
      )
    },
    close: async () => {
      await Promise.all([redis, subscriber].map((client) => client?.quit().catch(() => client.disconnect())))
    },
  }
}
