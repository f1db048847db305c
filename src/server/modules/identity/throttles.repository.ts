import type { ExpressionBuilder } from 'kysely';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { DB } from '../../platform/db/schema.ts';

/** The `source` of the row that counts a login's failures from every address together. */
export const EVERY_ADDRESS = '*';

/**
 * When further attempts must wait: none for the first `threshold - 1` failures in a row; after the
 * `threshold`-th, 1 second, and each further failure doubles it, up to `capSeconds`.
 */
export interface WaitRule {
  threshold: number;
  capSeconds: number;
}

/** Seconds to wait after `failures` failed attempts in a row (0: none). */
export function waitSeconds(failures: number, rule: WaitRule): number {
  if (failures < rule.threshold) return 0;
  const doublings = failures - rule.threshold;
  return doublings >= 31 ? rule.capSeconds : Math.min(2 ** doublings, rule.capSeconds);
}

const T = 'sign_in_throttles';

/**
 * Sign-in throttling state (see auth.throttle.ts for the rules). Each count changes in one statement
 * whose condition is the wait itself, so parallel attempts cannot read the same count and all pass:
 * the database orders them, and each sees the one before.
 */
export const throttlesRepository = Object.freeze({
  /**
   * Counts an attempt for (login, source) before its password or code is checked, unless the key is
   * waiting. Returns the failures in a row including this attempt, or undefined (nothing counted)
   * while the key waits. The wait the attempt would earn if it fails is set at once, in the same
   * statement; a failure in a row is forgotten `forgetBefore` (one day) after its wait ended.
   */
  async reserve(
    db: DbOrTrx,
    key: { login: string; source: string },
    rule: WaitRule,
    now: Date,
    forgetBefore: string,
  ): Promise<number | undefined> {
    const at = now.toISOString();
    const until = (failures: number): string | null => {
      const seconds = waitSeconds(failures, rule);
      return seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null;
    };
    // The waits a count can earn, from the threshold up to the first count at the cap: a short list
    // (17 steps for a cap of a day), so the whole rule fits in the one statement.
    const steps: { failures: number; until: string }[] = [];
    for (let failures = Math.max(rule.threshold, 1); ; failures++) {
      steps.push({ failures, until: until(failures) ?? at });
      if (waitSeconds(failures, rule) >= rule.capSeconds) break;
    }
    const capped = steps[steps.length - 1] as { failures: number; until: string };
    const first = until(1);
    const row = await db
      .insertInto(T)
      .values({ ...key, failures: 1, last_failure_at: at, blocked_until: first ?? at })
      .onConflict((oc) =>
        oc
          .columns(['login', 'source'])
          .doUpdateSet((eb) => {
            const stale = forgotten(eb, forgetBefore);
            // "Until now": no wait. (A column, so that PostgreSQL reads every branch as an instant.)
            const noWait = eb.ref('excluded.last_failure_at');
            let wait = eb
              .case()
              .when(stale)
              .then(first === null ? noWait : eb.val(first))
              .when(`${T}.failures`, '>=', capped.failures - 1)
              .then(capped.until);
            for (const step of steps.slice(0, -1)) {
              wait = wait.when(`${T}.failures`, '=', step.failures - 1).then(step.until);
            }
            return {
              failures: eb
                .case()
                .when(stale)
                .then(1)
                .else(eb(`${T}.failures`, '+', 1))
                .end(),
              last_failure_at: at,
              blocked_until: wait.else(noWait).end(),
            };
          })
          .where((eb) => eb.or([eb(`${T}.blocked_until`, 'is', null), eb(`${T}.blocked_until`, '<=', at)])),
      )
      .returning('failures')
      .executeTakeFirst();
    return row?.failures;
  },

  async blockedUntil(db: DbOrTrx, key: { login: string; source: string }): Promise<string | null> {
    const row = await db
      .selectFrom(T)
      .select('blocked_until')
      .where('login', '=', key.login)
      .where('source', '=', key.source)
      .executeTakeFirst();
    return row?.blocked_until ?? null;
  },

  /**
   * Gives a counted attempt back: its password was right, and the code step comes next. The wait it
   * set goes too (the wait before it had ended, or it could not have been counted).
   */
  async release(db: DbOrTrx, key: { login: string; source: string }): Promise<void> {
    await db
      .updateTable(T)
      .set((eb) => ({
        failures: eb
          .case()
          .when('failures', '>', 0)
          .then(eb('failures', '-', 1))
          .else(0)
          .end(),
        blocked_until: null,
      }))
      .where('login', '=', key.login)
      .where('source', '=', key.source)
      .execute();
  },

  /**
   * A successful sign-in from `source`: its count and the count across every address start again,
   * and the address is remembered as one this login uses.
   */
  async succeeded(db: DbOrTrx, login: string, source: string, at: string): Promise<void> {
    await db
      .insertInto(T)
      .values({ login, source, failures: 0, last_success_at: at })
      .onConflict((oc) =>
        oc
          .columns(['login', 'source'])
          .doUpdateSet({ failures: 0, blocked_until: null, last_success_at: at }),
      )
      .execute();
    await db
      .updateTable(T)
      .set({ failures: 0, blocked_until: null })
      .where('login', '=', login)
      .where('source', '=', EVERY_ADDRESS)
      .execute();
  },

  /** Whether this login signed in successfully from `source` since `since`. */
  async signedInFrom(db: DbOrTrx, login: string, source: string, since: string): Promise<boolean> {
    const row = await db
      .selectFrom(T)
      .select('login')
      .where('login', '=', login)
      .where('source', '=', source)
      .where('last_success_at', '>=', since)
      .executeTakeFirst();
    return row !== undefined;
  },

  /**
   * Claims the notice to the account holder about throttled attempts, at most once per `since`
   * (a day): true for the one caller that claimed it.
   */
  async claimNotice(db: DbOrTrx, login: string, at: string, since: string): Promise<boolean> {
    const row = await db
      .insertInto(T)
      .values({ login, source: EVERY_ADDRESS, failures: 0, notified_at: at })
      .onConflict((oc) =>
        oc
          .columns(['login', 'source'])
          .doUpdateSet({ notified_at: at })
          .where((eb) => eb.or([eb(`${T}.notified_at`, 'is', null), eb(`${T}.notified_at`, '<=', since)])),
      )
      .returning('login')
      .executeTakeFirst();
    return row !== undefined;
  },

  /** A new password: every count and wait of this account's login ends (its known addresses stay). */
  async clearForAccount(db: DbOrTrx, accountId: number): Promise<void> {
    // The addresses' rows first, then the row of every address: the order sign-in takes them in, so
    // that on PostgreSQL a reset and a sign-in at the same moment cannot wait on each other.
    for (const every of [false, true]) {
      await db
        .updateTable(T)
        .set({ failures: 0, blocked_until: null })
        .where('login', 'in', (eb) => eb.selectFrom('accounts').select('email').where('id', '=', accountId))
        .where('source', every ? '=' : '!=', EVERY_ADDRESS)
        .execute();
    }
  },

  /**
   * Forgets rows with nothing left to tell: no failure or wait in the last day (`dayAgo`), no notice
   * in the last day, and no successful sign-in since `successSince`.
   */
  async deleteStale(db: DbOrTrx, dayAgo: string, successSince: string): Promise<number> {
    const result = await db
      .deleteFrom(T)
      .where((eb) =>
        eb.and([
          eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', dayAgo)]),
          eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', dayAgo)]),
          eb.or([eb('notified_at', 'is', null), eb('notified_at', '<', dayAgo)]),
          eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', successSince)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});

/**
 * A row whose last failure, and the wait after it, ended before `forgetBefore`: its count starts again.
 * (A counted attempt sets `blocked_until` to the end of its wait, or to its own time without one.)
 */
function forgotten(eb: ExpressionBuilder<DB, typeof T>, forgetBefore: string) {
  return eb.or([
    eb(`${T}.last_failure_at`, 'is', null),
    eb(eb.fn.coalesce(`${T}.blocked_until`, `${T}.last_failure_at`), '<=', forgetBefore),
  ]);
}
