import type { Config } from '../../config.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Audit } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/db.ts';
import type { RateLimiter } from '../../platform/rate-limit.ts';
import type { PorticoDomainEvents } from '../domain-events.ts';
import type { SettingsService } from '../settings/settings.service.ts';

/** What the auth use cases work with; built once by the composition root. */
export interface AuthContext {
  config: Config;
  database: Database;
  clock: Clock;
  rateLimiter: RateLimiter;
  settings: SettingsService;
  audit: Audit;
  /** The notice to an account holder whose sign-ins are being throttled is published here. */
  domainEvents: PorticoDomainEvents;
}

/** Which of a person's duties comes first after the password: a new password, then MFA enrolment. */
export type SessionGate = 'change-password' | 'mfa-enrolment' | null;

export interface SessionInfo {
  id: string;
  accountId: number;
  /** When set, only the routes that fulfil it (and /me, sign-out) work: see auth.hooks. */
  gate: SessionGate;
  /** The contact's client allowlist as stored (JSON), checked on every request; null for staff. */
  ipAllowlist: string | null;
}

export interface NewSession {
  token: string;
  maxAgeSeconds: number | null;
}

export interface PublicSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  browser: string;
  current: boolean;
}

export type LoginOutcome =
  | { kind: 'session'; actor: Actor; session: NewSession }
  | { kind: 'mfa'; challengeToken: string; expiresAt: string };

export type SecondFactor = 'totp' | 'backup-code';

export const MINUTE = 60_000;
/** last_seen_at is written at most this often, so reads do not turn into writes on every request. */
export const TOUCH_INTERVAL_MS = MINUTE;
/** How long the code step of a sign-in may take, and how many wrong codes it allows. */
export const CHALLENGE_MINUTES = 10;
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** Re-authentication (the current password before changing email, password or MFA) is rate limited. */
export const REAUTH_LIMIT = 10;

export function idleMs(ctx: AuthContext, remember: boolean): number {
  const { config } = ctx;
  return remember ? config.session.rememberDays * 24 * 60 * MINUTE : config.session.idleMinutes * MINUTE;
}

export function absoluteMs(ctx: AuthContext, remember: boolean): number {
  const { config } = ctx;
  return remember
    ? config.session.rememberDays * 24 * 60 * MINUTE
    : config.session.absoluteHours * 60 * MINUTE;
}

export function windowMs(ctx: AuthContext): number {
  return ctx.config.loginLimits.windowMinutes * MINUTE;
}

/** Sign-in, its code step and its throttling: there is no actor yet. */
export function signIn(ctx: AuthContext) {
  return ctx.database.system('sign-in');
}

/** The session cookie resolved to its actor, before there is one. */
export function sessionLookup(ctx: AuthContext) {
  return ctx.database.system('session lookup');
}
