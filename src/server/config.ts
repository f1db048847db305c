import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const intFrom = (name: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${name} must be a whole number between ${min} and ${max}` })
    .int(`${name} must be a whole number between ${min} and ${max}`)
    .min(min, `${name} must be a whole number between ${min} and ${max}`)
    .max(max, `${name} must be a whole number between ${min} and ${max}`);

const boolFrom = (name: string) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      message: 'NODE_ENV must be development, production or test',
    })
    .default('development'),
  PORT: intFrom('PORT', 0, 65535).default(3000),
  HOST: z
    .string()
    .min(1, 'HOST must be an interface address such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  BASE_URL: z
    .url({ message: 'BASE_URL must be an absolute http(s) URL such as https://portal.example.com' })
    .refine((v) => /^https?:\/\//.test(v), 'BASE_URL must start with http:// or https://')
    .optional(),
  DATA_DIR: z.string().min(1, 'DATA_DIR must be a directory path').default('./data'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => /^(postgres|postgresql):\/\//.test(v) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v),
      'DATABASE_URL must be a SQLite file path (or sqlite:path) or a postgres:// URL',
    )
    .optional(),
  DATABASE_POOL_MAX: intFrom('DATABASE_POOL_MAX', 1, 1000).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: intFrom('DATABASE_CONNECT_TIMEOUT_MS', 100, 120_000).default(5000),
  DATABASE_PREPARED_STATEMENTS: boolFrom('DATABASE_PREPARED_STATEMENTS').default(true),
  LOG_LEVEL: z
    .enum(logLevels, { message: `LOG_LEVEL must be one of ${logLevels.join(', ')}` })
    .default('info'),
  LOG_PRETTY: boolFrom('LOG_PRETTY').optional(),
  TRUST_PROXY: boolFrom('TRUST_PROXY').default(false),
  SESSION_IDLE_MINUTES: intFrom('SESSION_IDLE_MINUTES', 1, 60 * 24 * 30).default(120),
  SESSION_ABSOLUTE_HOURS: intFrom('SESSION_ABSOLUTE_HOURS', 1, 24 * 30).default(12),
  SESSION_REMEMBER_DAYS: intFrom('SESSION_REMEMBER_DAYS', 1, 365).default(30),
  LOGIN_MAX_PER_IP: intFrom('LOGIN_MAX_PER_IP', 1, 100_000).default(30),
  /** Failed sign-ins in a row on one login, from addresses it has not signed in from, before new addresses wait. */
  LOGIN_MAX_PER_ACCOUNT: intFrom('LOGIN_MAX_PER_ACCOUNT', 1, 100_000).default(100),
  LOGIN_WINDOW_MINUTES: intFrom('LOGIN_WINDOW_MINUTES', 1, 24 * 60).default(15),
  BODY_LIMIT_KB: intFrom('BODY_LIMIT_KB', 1, 10_240).default(256),
  IDEMPOTENCY_LEASE_SECONDS: intFrom('IDEMPOTENCY_LEASE_SECONDS', 5, 3_600).default(60),
  SMTP_URL: z
    .string()
    .refine(
      (v) => v === '' || /^smtps?:\/\//.test(v),
      'SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465',
    )
    .optional(),
  MAIL_FROM: z.email({ message: 'MAIL_FROM must be an email address such as portal@example.com' }).optional(),
  // Inbound email (see docs/admin-guide.md, "Email in and out").
  IMAP_URL: z
    .string()
    .refine(
      (v) => v === '' || /^imaps?:\/\/[^/]+/.test(v),
      'IMAP_URL must look like imaps://user:password@imap.example.com:993/INBOX',
    )
    .optional(),
  IMAP_POLL_SECONDS: intFrom('IMAP_POLL_SECONDS', 5, 86_400).default(60),
  INBOUND_SMTP_PORT: z
    .string()
    .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), {
      message:
        'INBOUND_SMTP_PORT must be a port number between 0 and 65535 (leave it unset to switch the listener off)',
    })
    .optional(),
  INBOUND_SMTP_HOST: z
    .string()
    .min(1, 'INBOUND_SMTP_HOST must be an interface address such as 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  INBOUND_SMTP_DOMAINS: z
    .string()
    .refine(
      (v) =>
        v
          .split(',')
          .every(
            (d) =>
              d.trim() === '' ||
              /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(d.trim()),
          ),
      'INBOUND_SMTP_DOMAINS must be a comma-separated list of domains such as support.example.com',
    )
    .optional(),
  INBOUND_MAX_MB: intFrom('INBOUND_MAX_MB', 1, 100).default(25),
  // Upload content checks (see docs/deployment.md, "Upload checks and ClamAV").
  IMAGE_MAX_MEGAPIXELS: intFrom('IMAGE_MAX_MEGAPIXELS', 1, 268).default(100),
  ARCHIVE_MAX_EXPANDED_MB: intFrom('ARCHIVE_MAX_EXPANDED_MB', 1, 102_400).default(1024),
  ARCHIVE_MAX_RATIO: intFrom('ARCHIVE_MAX_RATIO', 2, 10_000).default(100),
  ARCHIVE_MAX_ENTRIES: intFrom('ARCHIVE_MAX_ENTRIES', 1, 1_000_000).default(10_000),
  ARCHIVE_MAX_DEPTH: intFrom('ARCHIVE_MAX_DEPTH', 1, 10).default(2),
  CLAMD_URL: z
    .string()
    .refine(
      (v) => v === '' || /^tcp:\/\/[^/\s:]+:\d{1,5}\/?$/.test(v) || /^unix:(\/\/)?\/[^\s]+$/.test(v),
      'CLAMD_URL must look like tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl',
    )
    .refine((v) => {
      const port = /^tcp:\/\/[^/]+:(\d+)/.exec(v)?.[1];
      return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    }, 'CLAMD_URL must name a port between 1 and 65535')
    .optional(),
  CLAMD_TIMEOUT_SECONDS: intFrom('CLAMD_TIMEOUT_SECONDS', 1, 600).default(60),
  // Distributed profile (issue 5; see docs/deployment.md).
  WORKERS: boolFrom('WORKERS').default(true),
  STORAGE: z.enum(['local', 's3'], { message: 'STORAGE must be local or s3' }).default('local'),
  S3_ENDPOINT: z
    .string()
    .refine(
      (v) => v === '' || /^https?:\/\/[^/@\s]+(\/.*)?$/.test(v),
      'S3_ENDPOINT must be an http(s) URL such as https://s3.example.com (no credentials in it)',
    )
    .optional(),
  S3_BUCKET: z
    .string()
    .refine(
      (v) => v === '' || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v),
      'S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots or hyphens',
    )
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'S3_REGION must be a region name such as us-east-1')
    .default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: boolFrom('S3_FORCE_PATH_STYLE').default(false),
  REDIS_URL: z
    .string()
    .refine(
      (v) => v === '' || /^rediss?:\/\/[^\s]+$/.test(v),
      'REDIS_URL must look like redis://:password@redis.example.com:6379/0 or rediss://…',
    )
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(
      /^[A-Za-z0-9:_.-]{1,50}$/,
      'REDIS_PREFIX must be 1 to 50 letters, digits, colons, dots, hyphens or underscores',
    )
    .default('portico:'),
  EVENT_BUS: z
    .enum(['auto', 'memory', 'postgres', 'redis'], {
      message: 'EVENT_BUS must be auto, memory, postgres or redis',
    })
    .default('auto'),
  RATE_LIMIT_STORE: z
    .enum(['memory', 'redis'], { message: 'RATE_LIMIT_STORE must be memory or redis' })
    .optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'ENCRYPTION_KEY must be 64 hexadecimal characters (32 bytes)')
    .optional(),
});

export interface InboundConfig {
  /** Poll this mailbox for new messages; null: no polling. */
  imap: { url: string; pollSeconds: number } | null;
  /** Listen for mail on this port; null: no listener. Port 0 picks a free port (tests). */
  smtp: {
    port: number;
    host: string;
    /** Recipient domains accepted; empty: the domain of the support address (or MAIL_FROM). */
    domains: string[];
  } | null;
  /** The largest message accepted, in bytes (SMTP answers 552 above it; IMAP holds it). */
  maxBytes: number;
}

/** `tcp://host:port` or `unix:///path` (or `unix:/path`), as CLAMD_URL takes it. */
export function parseClamdUrl(url: string): ClamdAddress {
  if (url.startsWith('unix:')) return { path: url.replace(/^unix:(\/\/)?/, '') };
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** Where clamd listens: a TCP port or a unix socket. */
export type ClamdAddress = { host: string; port: number } | { path: string };

/** What an uploaded or emailed file must pass besides its type (attachments/content-checks.ts). */
export interface UploadChecksConfig {
  /** Images with more pixels than this (width × height) are refused before they are decoded. */
  imageMaxPixels: number;
  archive: {
    /** The most an archive may expand to, all entries (and nested archives) together. */
    maxExpandedBytes: number;
    /** The most an archive may expand to, as a multiple of its own size. */
    maxRatio: number;
    maxEntries: number;
    /** 1: no archive inside an archive; 2: one level of archives inside the upload; … */
    maxDepth: number;
  };
  /** Scan every file with clamd (INSTREAM) when set; refuse uploads while it cannot be reached. */
  clamd: { address: ClamdAddress; timeoutMs: number } | null;
}

export type Database = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/** Where files live: DATA_DIR/files (default) or an S3-compatible bucket. */
export type StorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      endpoint: string | null;
      bucket: string;
      region: string;
      accessKeyId: string | null;
      secretAccessKey: string | null;
      forcePathStyle: boolean;
    };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: URL;
  /** Cookies get the Secure flag and __Host- prefix when the site is https or plain localhost. */
  secureCookies: boolean;
  dataDir: string;
  database: Database;
  databasePoolMax: number;
  databaseConnectTimeoutMs: number;
  /** PostgreSQL: send repeated statements as named prepared statements (see pg-statements.ts). */
  databasePreparedStatements: boolean;
  logLevel: (typeof logLevels)[number];
  logPretty: boolean;
  trustProxy: boolean;
  session: { idleMinutes: number; absoluteHours: number; rememberDays: number };
  /**
   * perIp: sign-in attempts per address (any login) in a window of windowMinutes, in memory or Redis.
   * perAccount: failures in a row on one login from new addresses before new addresses wait (in the
   * database; see modules/auth/auth.throttle.ts).
   */
  loginLimits: { perIp: number; perAccount: number; windowMinutes: number };
  bodyLimitBytes: number;
  /** How long an unfinished Idempotency-Key claim is held before a retry may take it over (decision 008). */
  idempotencyLeaseMs: number;
  mail: { smtpUrl: string | null; from: string };
  /** Receiving email (issue 4): both receivers run only in a process that runs workers (serve). */
  inbound: InboundConfig;
  uploads: UploadChecksConfig;
  /** `serve` runs the background work (jobs, sweeps, mail receivers) unless WORKERS=false. */
  workers: boolean;
  storage: StorageConfig;
  /** REDIS_URL, when set (rate-limit counters and, when asked, the event bus). */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel (several installations may share one Redis). */
  redisPrefix: string;
  /** Resolved from EVENT_BUS: auto is postgres on PostgreSQL, memory on SQLite. */
  eventBus: 'memory' | 'postgres' | 'redis';
  /** Resolved from RATE_LIMIT_STORE: redis by default when REDIS_URL is set. */
  rateLimitStore: 'memory' | 'redis';
  /** Given in the environment; otherwise generated once and kept in DATA_DIR (see secrets.ts). */
  sessionSecret?: string;
  encryptionKey?: string;
  webRoot: string;
}

export class ConfigError extends Error {}

/** Reads `.env` (if present) without overriding variables already set. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const given = env[name];
    const shown =
      name.includes('SECRET') ||
      name.includes('KEY') ||
      name === 'IMAP_URL' ||
      name === 'REDIS_URL' ||
      // Never echo a URL that carries credentials (user:password@host), whatever the setting.
      /:\/\/[^/\s]*@/.test(given ?? '')
        ? ''
        : given === undefined
          ? ''
          : ` (got "${given}")`;
    throw new ConfigError(
      `Invalid configuration: ${issue.message.startsWith(name) ? '' : `${name}: `}${issue.message}${shown}`,
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const baseUrl = new URL(e.BASE_URL ?? `http://localhost:${e.PORT}`);
  const isLocal = ['localhost', '127.0.0.1', '[::1]'].includes(baseUrl.hostname);
  const dbUrl = e.DATABASE_URL;
  const database: Database =
    dbUrl && /^postgres(ql)?:\/\//.test(dbUrl)
      ? { dialect: 'postgres', url: dbUrl }
      : {
          dialect: 'sqlite',
          path: path.resolve(dbUrl ? dbUrl.replace(/^sqlite:/, '') : path.join(dataDir, 'portico.db')),
        };
  const fail = (message: string): never => {
    throw new ConfigError(`Invalid configuration: ${message}`);
  };
  let storage: StorageConfig = { kind: 'local' };
  if (e.STORAGE === 's3') {
    if (!e.S3_BUCKET) fail('S3_BUCKET is required when STORAGE=s3');
    const id = e.S3_ACCESS_KEY_ID || null;
    const secret = e.S3_SECRET_ACCESS_KEY || null;
    if (!id !== !secret)
      fail('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or both left unset)');
    storage = {
      kind: 's3',
      endpoint: e.S3_ENDPOINT || null,
      bucket: e.S3_BUCKET as string,
      region: e.S3_REGION,
      accessKeyId: id,
      secretAccessKey: secret,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    };
  }
  const redisUrl = e.REDIS_URL || null;
  const eventBus =
    e.EVENT_BUS === 'auto' ? (database.dialect === 'postgres' ? 'postgres' : 'memory') : e.EVENT_BUS;
  if (eventBus === 'postgres' && database.dialect !== 'postgres')
    fail('EVENT_BUS=postgres needs a PostgreSQL DATABASE_URL');
  if (eventBus === 'redis' && !redisUrl) fail('EVENT_BUS=redis needs REDIS_URL');
  const rateLimitStore = e.RATE_LIMIT_STORE ?? (redisUrl ? 'redis' : 'memory');
  if (rateLimitStore === 'redis' && !redisUrl) fail('RATE_LIMIT_STORE=redis needs REDIS_URL');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    secureCookies: baseUrl.protocol === 'https:' || isLocal,
    dataDir,
    database,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? (e.NODE_ENV === 'development' && process.stdout.isTTY === true),
    trustProxy: e.TRUST_PROXY,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      rememberDays: e.SESSION_REMEMBER_DAYS,
    },
    loginLimits: {
      perIp: e.LOGIN_MAX_PER_IP,
      perAccount: e.LOGIN_MAX_PER_ACCOUNT,
      windowMinutes: e.LOGIN_WINDOW_MINUTES,
    },
    bodyLimitBytes: e.BODY_LIMIT_KB * 1024,
    idempotencyLeaseMs: e.IDEMPOTENCY_LEASE_SECONDS * 1000,
    mail: { smtpUrl: e.SMTP_URL || null, from: e.MAIL_FROM ?? `portico@${baseUrl.hostname}` },
    inbound: {
      imap: e.IMAP_URL ? { url: e.IMAP_URL, pollSeconds: e.IMAP_POLL_SECONDS } : null,
      smtp:
        e.INBOUND_SMTP_PORT !== undefined && e.INBOUND_SMTP_PORT !== ''
          ? {
              port: Number(e.INBOUND_SMTP_PORT),
              host: e.INBOUND_SMTP_HOST,
              domains: (e.INBOUND_SMTP_DOMAINS ?? '')
                .split(',')
                .map((d) => d.trim().toLowerCase())
                .filter(Boolean),
            }
          : null,
      maxBytes: e.INBOUND_MAX_MB * 1024 * 1024,
    },
    uploads: {
      imageMaxPixels: e.IMAGE_MAX_MEGAPIXELS * 1_000_000,
      archive: {
        maxExpandedBytes: e.ARCHIVE_MAX_EXPANDED_MB * 1024 * 1024,
        maxRatio: e.ARCHIVE_MAX_RATIO,
        maxEntries: e.ARCHIVE_MAX_ENTRIES,
        maxDepth: e.ARCHIVE_MAX_DEPTH,
      },
      clamd: e.CLAMD_URL
        ? { address: parseClamdUrl(e.CLAMD_URL), timeoutMs: e.CLAMD_TIMEOUT_SECONDS * 1000 }
        : null,
    },
    workers: e.WORKERS,
    storage,
    redisUrl,
    redisPrefix: e.REDIS_PREFIX,
    eventBus,
    rateLimitStore,
    ...(e.SESSION_SECRET ? { sessionSecret: e.SESSION_SECRET } : {}),
    ...(e.ENCRYPTION_KEY ? { encryptionKey: e.ENCRYPTION_KEY } : {}),
    webRoot: path.resolve(import.meta.dirname, '../../dist/web'),
  };
}
