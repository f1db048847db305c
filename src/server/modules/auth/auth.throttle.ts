import { isIP } from 'node:net';
import { message, type ZonedTime } from '../../../shared/i18n/i18n.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type AccountRow,
  EVERY_ADDRESS,
  identity,
  type WaitRule,
  waitSeconds,
} from '../identity/identity.service.ts';
import type { SecurityPolicy } from '../settings/settings.service.ts';
import { type AuthContext, MINUTE, signIn } from './auth.context.ts';

/*
 * Sign-in throttling. Failed sign-ins (wrong passwords and wrong codes) are counted in the database:
 *
 * - per login (the email typed, whether or not an account has it, so that the answers tell nobody
 *   which emails exist) and network address: after `lockoutThreshold` failures in a row that address
 *   waits 1 second before its next try at that login, and each further failure doubles the wait, up
 *   to `lockoutMinutes`. Nobody else waits: the person at another address signs in as usual.
 * - per login across every address it has not signed in from lately: past `LOGIN_MAX_PER_ACCOUNT`
 *   failures in a row, new addresses wait the same growing waits (an attack spread over many
 *   addresses). Each address counts here only until its own waits begin, so one address, or a few,
 *   cannot make new addresses wait; and an address the login signed in from in the last 30 days
 *   never waits for this.
 *
 * Every attempt is counted before its password or code is checked, in one statement whose condition
 * is the wait itself, so parallel attempts cannot get more checks than the rule allows. A waiting
 * attempt is answered 429 with Retry-After before anything is checked: the same answer whether or
 * not its password was right. A successful sign-in starts the counts again; a day after the last wait
 * has ended they are forgotten; a password reset link ends them. The account holder is told by email
 * (at most once a day) when attempts on their account start to wait. The per-address limit across
 * every login (LOGIN_MAX_PER_IP, in memory or Redis) comes before all of this.
 */

const DAY = 24 * 60 * MINUTE;
/** Failures are forgotten a day after their last wait ended (or the last failure, without a wait). */
const FORGET_MS = DAY;
/** An address the login signed in from within this long is one the person uses. */
const KNOWN_FOR_MS = 30 * DAY;
/** The account holder hears of throttled attempts at most this often. */
const NOTICE_EVERY_MS = DAY;

/** An attempt counted before its check: what the outcome needs to know. */
export interface CountedAttempt {
  login: string;
  source: string;
  /** The failures in a row from this address for this login, this attempt included. */
  atAddress: number;
  /** The same across every new address, when this attempt counted there. */
  acrossAddresses: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The address attempts are counted by: an IPv4 address as it is (also when it arrives as
 * "::ffff:a.b.c.d"), an IPv6 address by its /64, the block one subscriber usually holds.
 */
export function sourceOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const address = ip.split('%')[0] ?? ip;
  if (isIP(address) !== 6) return ip;
  const [head = '', tail] = address.split('::');
  const groups = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [g];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function addressRule(policy: SecurityPolicy): WaitRule {
  return { threshold: policy.lockoutThreshold, capSeconds: policy.lockoutMinutes * 60 };
}

function everyAddressRule(ctx: AuthContext, policy: SecurityPolicy): WaitRule {
  return { threshold: ctx.config.loginLimits.perAccount, capSeconds: policy.lockoutMinutes * 60 };
}

/** 429 for a waiting attempt: nothing was checked, so it is the same whether or not the password was right. */
async function waitError(ctx: AuthContext, until: string, scope: 'address' | 'every'): Promise<AppError> {
  const { clock, settings } = ctx;
  const seconds = Math.max(1, Math.ceil((Date.parse(until) - clock().getTime()) / 1000));
  const timeZone = (await settings.current())?.timeZone ?? 'UTC';
  // The moment the wait is over, in the organisation's zone: written in the reader's language when the
  // message is translated ("15:05 MEZ", "3:05 PM GMT+1").
  const at: ZonedTime = {
    zonedTime: new Date(Date.parse(until) + (seconds < 60 ? 999 : 59_999)).toISOString(),
    timeZone,
    seconds: seconds < 60,
  };
  const wait =
    seconds < 60
      ? { unit: 'seconds', count: seconds, at }
      : { unit: 'minutes', count: Math.ceil(seconds / 60), at };
  return new AppError(
    'rate_limited',
    scope === 'address'
      ? message('errors:signIn.waitAddress', wait)
      : message('errors:signIn.waitEvery', wait),
    { headers: { 'retry-after': String(seconds) } },
  );
}

/** Thrown inside the counting transaction to undo the address's count when the login as a whole waits. */
class Waiting {
  constructor(readonly until: string) {}
}

/**
 * Counts a sign-in attempt (a password, or a code) before it is checked. Throws the 429 answer when
 * this address, or (for an address the login has not signed in from lately) every new address, must
 * wait; nothing is counted then.
 */
export async function countAttempt(
  ctx: AuthContext,
  login: string,
  ip: string,
  policy: SecurityPolicy,
): Promise<CountedAttempt> {
  const now = ctx.clock();
  const source = sourceOf(ip);
  const scoped = signIn(ctx);
  const forgetBefore = iso(now.getTime() - FORGET_MS);
  const known = await identity.signedInFrom(scoped.db, login, source, iso(now.getTime() - KNOWN_FOR_MS));
  const rule = addressRule(policy);
  let counted: CountedAttempt | null;
  try {
    counted = await scoped.transaction(async (trx) => {
      const atAddress = await identity.reserveSignInAttempt(trx, { login, source }, rule, now, forgetBefore);
      if (atAddress === undefined) return null;
      let acrossAddresses: number | null = null;
      if (!known) {
        const every = { login, source: EVERY_ADDRESS };
        if (atAddress <= rule.threshold) {
          const n = await identity.reserveSignInAttempt(
            trx,
            every,
            everyAddressRule(ctx, policy),
            now,
            forgetBefore,
          );
          if (n === undefined)
            throw new Waiting((await identity.signInWaitUntil(trx, every)) ?? iso(now.getTime()));
          acrossAddresses = n;
        } else {
          // Past its own threshold an address no longer counts here, but it still waits with the rest.
          const until = await identity.signInWaitUntil(trx, every);
          if (until && until > now.toISOString()) throw new Waiting(until);
        }
      }
      return { login, source, atAddress, acrossAddresses };
    });
  } catch (err) {
    if (err instanceof Waiting) throw await waitError(ctx, err.until, 'every');
    throw err;
  }
  if (!counted) {
    const until = await identity.signInWaitUntil(scoped.db, { login, source });
    throw await waitError(ctx, until ?? now.toISOString(), 'address');
  }
  return counted;
}

/** The password was right and the code step comes next: the attempt was no failure. */
export async function giveBack(ctx: AuthContext, attempt: CountedAttempt): Promise<void> {
  await signIn(ctx).transaction(async (trx) => {
    await identity.releaseSignInAttempt(trx, { login: attempt.login, source: attempt.source });
    if (attempt.acrossAddresses !== null) {
      await identity.releaseSignInAttempt(trx, { login: attempt.login, source: EVERY_ADDRESS });
    }
  });
}

/** A successful sign-in: the counts start again, and the address is one this login uses. */
export async function signedIn(ctx: AuthContext, db: DbOrTrx, login: string, ip: string): Promise<void> {
  await identity.signInSucceeded(db, login, sourceOf(ip), ctx.clock().toISOString());
}

/**
 * A counted attempt failed: records the failure in the audit log, and, in the same transaction, that
 * waits began (`auth.locked`) and the notice to the account holder, once a day, as a domain event.
 */
export async function attemptFailed(
  ctx: AuthContext,
  attempt: CountedAttempt,
  row: AccountRow | undefined,
  policy: SecurityPolicy,
  meta: RequestMeta,
  failure: { action: 'auth.login_failed' | 'auth.mfa_failed'; details: Record<string, unknown> },
): Promise<void> {
  const { clock, audit, domainEvents } = ctx;
  const now = clock();
  const address = addressRule(policy);
  const every = everyAddressRule(ctx, policy);
  const acrossAddresses = attempt.acrossAddresses ?? 0;
  const waits = attempt.atAddress >= address.threshold || acrossAddresses >= every.threshold;
  await signIn(ctx).transaction(async (trx) => {
    await audit.record(trx, {
      actor: { anonymous: attempt.login },
      action: failure.action,
      clientId: row?.client_id ?? null,
      ...(row ? { target: { type: 'account', id: row.id } } : {}),
      details: failure.details,
      meta,
    });
    if (!waits) return;
    const scope = attempt.atAddress >= address.threshold ? 'address' : 'new-addresses';
    const rule = scope === 'address' ? address : every;
    const count = scope === 'address' ? attempt.atAddress : acrossAddresses;
    if (row && count === rule.threshold) {
      await audit.record(trx, {
        actor: { anonymous: attempt.login },
        action: 'auth.locked',
        clientId: row.client_id,
        target: { type: 'account', id: row.id },
        details: {
          waits: scope === 'address' ? 'this address' : 'new addresses',
          after: rule.threshold,
          firstWaitSeconds: waitSeconds(count, rule),
        },
        meta,
      });
    }
    // Claimed for unknown logins too, so that known and unknown emails take the same path.
    const claimed = await identity.claimThrottleNotice(
      trx,
      attempt.login,
      now.toISOString(),
      iso(now.getTime() - NOTICE_EVERY_MS),
    );
    if (claimed && row) {
      await domainEvents.publish(trx, 'auth.sign-in-throttled', {
        accountId: row.id,
        address: meta.ip,
        scope,
        at: now.toISOString(),
      });
    }
  });
}

/** Forgets throttling rows with nothing left to tell (the hourly sweep). */
export async function purgeThrottles(ctx: AuthContext, db: DbOrTrx): Promise<number> {
  const now = ctx.clock().getTime();
  return identity.deleteStaleThrottles(db, iso(now - FORGET_MS), iso(now - KNOWN_FOR_MS));
}
