/**
 * The one place that reads the environment. Every variable of the contract (its "Operating it" section,
 * and the README's table) is validated here, so a typo stops the process at start-up with a message that
 * names the variable instead of failing somewhere later.
 */
import { z } from 'zod';
import { registerBody } from '../shared/schemas';
import { FAULT_POINTS, type FaultPoint } from './lib/faults';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const AUTH_MODES = ['password', 'sso'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** `a, b,,c ` → ['a', 'b', 'c']: lists are comma-separated; blanks around and between items are forgiven. */
const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const urlWithScheme = (schemes: string[]) =>
  z.string().refine((s) => schemes.some((scheme) => s.startsWith(`${scheme}://`)), {
    error: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

/** An origin is scheme://host[:port], exactly what a browser sends in `Origin`; anything more is a mistake. */
function parseOrigin(value: string, ctx: z.RefinementCtx): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const bare = url !== undefined && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!url || !['http:', 'https:'].includes(url.protocol) || !bare || !value.startsWith(url.origin)) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not an origin like https://example.com` });
    return z.NEVER;
  }
  return url.origin;
}

/**
 * Embedding origins are compared with page URLs after normalisation (article-url.ts), so `HTTPS://A.example:443`
 * is forgiven and stored as `https://a.example`; the rest of parseOrigin's rules apply.
 */
function parseEmbedOrigin(value: string, ctx: z.RefinementCtx): string {
  const normalised = URL.canParse(value) ? value.replace(/^[^/]*\/\/[^/?#]*/, new URL(value).origin) : value;
  return parseOrigin(normalised, ctx);
}

/** Keyed by variable name, so every issue's path is the name of the variable to fix. */
const envSchema = z
  .object({
    PORT: integer(0, 65535).default(3000),
    MONGODB_URI: urlWithScheme(['mongodb', 'mongodb+srv']).optional(),
    DATA_DIR: z.string().default('./data'),
    REDIS_URL: urlWithScheme(['redis', 'rediss']).optional(),
    REDIS_ADAPTER: z.enum(['classic', 'sharded']).default('classic'),
    SESSION_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
    // The bootstrap admin follows the same rules as an account that registers.
    ADMIN_USERNAME: registerBody.shape.username.optional(),
    ADMIN_PASSWORD: registerBody.shape.password.optional(),
    CORS_ORIGINS: commaList.pipe(z.array(z.string().transform(parseOrigin))).default([]),
    TRUST_PROXY: integer(0, 100).default(0),
    WORD_FILTER: commaList.default([]),
    METRICS_TOKEN: z.string().optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    RATE_LIMITS: z.enum(['on', 'off']).default('on'),
    SOCKETS_PER_ADDRESS: integer(1, 1_000_000).default(200),
    // A word or two on a button, not a paragraph.
    REACTION_LABEL: z.string().max(40, { error: 'must be at most 40 characters' }).default('Like'),
    // HS256 keys shorter than this are guessable offline from one signed token.
    SSO_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    AUTH_MODES: commaList
      .pipe(
        z
          .array(z.enum(AUTH_MODES, { error: "each mode must be 'password' or 'sso'" }))
          .min(1, { error: 'must name a mode' }),
      )
      .optional(),
    PUBLIC_URL: z.string().transform(parseOrigin).optional(),
    EMBED_ORIGINS: commaList.pipe(z.array(z.string().transform(parseEmbedOrigin))).default([]),
    EMBED_AUTO_CREATE: z.enum(['on', 'off']).default('on'),
    FAULT_KILL_AT: z.enum(FAULT_POINTS).optional(),
    SMTP_URL: urlWithScheme(['smtp', 'smtps']).optional(),
    MAIL_FROM: z.string().max(320).optional(),
  })
  .superRefine((env, ctx) => {
    // One without the other would silently keep a random or stale admin password: refuse instead.
    if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      const missing = env.ADMIN_USERNAME === undefined ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with ADMIN_USERNAME and ADMIN_PASSWORD',
      });
    }
    if (env.AUTH_MODES?.includes('sso') && env.SSO_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODES'], message: "names 'sso', which needs SSO_SECRET" });
    }
    for (const issue of mailIssues(env)) ctx.addIssue({ code: 'custom', ...issue });
  });

type Env = z.output<typeof envSchema>;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  /** Unset: the embedded MongoDB-compatible server runs in this process. */
  mongodbUri: string | undefined;
  /** Where the embedded server keeps its files; ':memory:' keeps nothing. */
  dataDir: string;
  redisUrl: string | undefined;
  redisAdapter: 'classic' | 'sharded';
  /** Unset: generated once and kept in the database. */
  sessionSecret: string | undefined;
  /** The bootstrap admin, when both ADMIN_USERNAME and ADMIN_PASSWORD are set. */
  admin: { username: string; password: string } | undefined;
  /** Allowed cross-site origins, normalised (`https://a.example`); the server's own origin is always allowed. */
  corsOrigins: string[];
  /** Proxy hops in front of the server to trust for the client's address and protocol. */
  trustProxy: number;
  wordFilter: string[];
  metricsToken: string | undefined;
  logLevel: LogLevel;
  rateLimits: boolean;
  /** Socket.IO connections one client address may hold on an instance (also with RATE_LIMITS=off). */
  socketsPerAddress: number;
  /** The reaction button's word, shown on the pages (GET /api/site). */
  reactionLabel: string;
  /** How readers sign in: passwords (register, login) and/or single sign-on by the host's signed tokens. */
  auth: AuthConfig;
  /**
   * The public origin (`https://talk.example`): when set, the only origin that counts as the server's own,
   * whatever Host and protocol a proxy passes on. Unset: taken from each request.
   */
  publicUrl: string | undefined;
  /** Origins whose pages may frame threads (normalised); none: embedding is off. */
  embedOrigins: string[];
  /** Whether opening the thread of an unknown URL of an embedding origin creates its article. */
  embedAutoCreate: boolean;
  /** For fault tests only: the process kills itself on reaching this point (lib/faults.ts). */
  faultKillAt: FaultPoint | undefined;
  /** SMTP_URL and MAIL_FROM; unset: no mail (server/mail/). */
  mail: MailConfig | undefined;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** Links in mail point here (PUBLIC_URL, required with SMTP_URL). */
  publicUrl: string;
}

/**
 * Mail needs a sender and a public origin: links in mail taken from a request's Host header would let a
 * stranger send a victim a password-reset link to their own site (Host header poisoning).
 */
function mailIssues(env: { SMTP_URL?: string; MAIL_FROM?: string; PUBLIC_URL?: string }) {
  if (env.SMTP_URL === undefined) return [];
  const issues: { path: string[]; message: string }[] = [];
  if (env.MAIL_FROM === undefined) issues.push({ path: ['MAIL_FROM'], message: 'must be set with SMTP_URL' });
  if (env.PUBLIC_URL === undefined) {
    issues.push({ path: ['PUBLIC_URL'], message: 'must be set with SMTP_URL, for the links in mail' });
  }
  return issues;
}

export interface AuthConfig {
  password: boolean;
  /** Set when `sso` is an AUTH_MODE: the HS256 key the host signs its tokens with. */
  sso: { secret: string } | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(withoutBlanks(env));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return toConfig(result.data);
}

/**
 * `PORT=` in an env file means "not set", as most tools that write env files intend. Values are not
 * trimmed: a password or secret may legitimately start or end with a space.
 */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

function toConfig(env: Env): Config {
  return {
    port: env.PORT,
    mongodbUri: env.MONGODB_URI,
    dataDir: env.DATA_DIR,
    redisUrl: env.REDIS_URL,
    redisAdapter: env.REDIS_ADAPTER,
    sessionSecret: env.SESSION_SECRET,
    admin:
      env.ADMIN_USERNAME !== undefined && env.ADMIN_PASSWORD !== undefined
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : undefined,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    wordFilter: env.WORD_FILTER,
    metricsToken: env.METRICS_TOKEN,
    logLevel: env.LOG_LEVEL,
    rateLimits: env.RATE_LIMITS === 'on',
    socketsPerAddress: env.SOCKETS_PER_ADDRESS,
    reactionLabel: env.REACTION_LABEL.trim() || 'Like',
    auth: authConfig(env),
    publicUrl: env.PUBLIC_URL,
    embedOrigins: env.EMBED_ORIGINS,
    embedAutoCreate: env.EMBED_AUTO_CREATE === 'on',
    faultKillAt: env.FAULT_KILL_AT,
    mail:
      env.SMTP_URL !== undefined && env.MAIL_FROM !== undefined && env.PUBLIC_URL !== undefined
        ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, publicUrl: env.PUBLIC_URL }
        : undefined,
  };
}

/** AUTH_MODES defaults to `password`, plus `sso` when SSO_SECRET is set. */
function authConfig(env: Env): AuthConfig {
  const modes = env.AUTH_MODES ?? (env.SSO_SECRET === undefined ? ['password'] : ['password', 'sso']);
  const sso = modes.includes('sso') && env.SSO_SECRET !== undefined ? { secret: env.SSO_SECRET } : undefined;
  return { password: modes.includes('password'), sso };
}
