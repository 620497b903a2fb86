import path from 'node:path'
import { z } from 'zod'
import { apiDir } from './paths.ts'


const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((value) => (value === undefined || value === '' ? undefined : ['1', 'true', 'yes'].includes(value)))

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** PostgreSQL URL. Without it the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Background jobs run at the same time per process on PostgreSQL (the embedded database runs one). */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // How long a claimed job stays claimed without a heartbeat: after a crash, its job runs again after this.
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  // Retention (services/retention.ts): finished jobs and bot callback deliveries are deleted after these.
  JOB_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 3650).default(24),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  DATA_DIR: z.string().default(path.resolve(apiDir, '../../.data')),
  /** Built SPA to serve (production). */
  WEB_DIST_DIR: z.string().optional(),
  /** Seed the demo tenant when the database has no tenant yet (default: on with the embedded database). */
  SEED_DEMO: flag,
  /** Redis for shared rate limits and pub/sub across several API instances. */
  REDIS_URL: z.string().optional(),
  /** Set when the API is reached over HTTPS, so cookies get the Secure flag. */
  COOKIE_SECURE: flag,
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  LOGIN_RATE_LIMIT_PER_15MIN: z.coerce.number().int().min(1).default(10),
  /** Requests to the OAuth token endpoint allowed per client address and minute. */
  TOKEN_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).default(60),
  /** Bot API requests per app and minute on paid plans (the free plan gets a quarter: 240 → 60). */
  BOT_API_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(4).default(240),
  /** Tokens a GraphQL document may have; parsing stops past it (docs/security.md). */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(2000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Bearer token that opens /metrics to any address; without it /metrics answers loopback clients only. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Key (32 bytes, base64) that encrypts bot secrets and private keys at rest; see lib/secret-box.ts. */
  SECRETS_KEY: z.string().optional(),
  /** Hosts (comma-separated, optionally host:port) whose callback URLs may resolve to private addresses. */
  CALLBACK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((host) => host.trim().toLowerCase()).filter(Boolean)),
  /** Allow plain http for the allow-listed hosts (local test receivers). */
  CALLBACK_ALLOW_HTTP: flag,
})

export type Env = z.infer<typeof envSchema>

/** The only reader of process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')
    throw new Error(`Invalid environment:\n${problems}`)
  }
  return parsed.data
}
