import { message } from '../../../shared/i18n/i18n.ts';
import type {
  BackupCodes,
  MfaDisableBody,
  MfaEnrolmentStart,
  MfaEnrolmentStartBody,
  MfaStatus,
  RegenerateBackupCodesBody,
} from '../../../shared/schemas/mfa.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { decrypt, encrypt } from '../../platform/crypto.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { type EmailText, emailMessage as m } from '../../platform/email-template.ts';
import { errors } from '../../platform/errors.ts';
import type { SecondFactor } from '../auth/auth.service.ts';
import type { ModuleDeps } from '../deps.ts';
import { type AccountRow, identity } from '../identity/identity.service.ts';
import {
  backupCodeMatches,
  hashBackupCode,
  looksLikeBackupCode,
  matchTotp,
  newBackupCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeDataUrl,
} from './totp.ts';

const MINUTE = 60_000;
/** Codes tried while setting up or switching off, per account and window. */
const CODE_LIMIT = 10;

export type MfaService = ReturnType<typeof createMfaService>;

/**
 * Two-factor authentication with an authenticator app (TOTP) and backup codes. The secret is made
 * from the CSPRNG and kept encrypted with the instance key; it is switched on only once a current
 * code proves the app has it.
 */
export function createMfaService(deps: ModuleDeps) {
  const { database, clock, secrets, audit, auth, email, settings, rateLimiter, config } = deps;
  const key = secrets.encryptionKey;

  /** A staff preview shows the contact's portal; the previewing staff user's own MFA is not shown there. */
  function ownAccountId(actor: Actor): number | null {
    return actor.kind === 'contact' && actor.previewBy ? null : actor.accountId;
  }

  function requireOwn(actor: Actor): number {
    const id = ownAccountId(actor);
    if (id === null) throw errors.forbidden(message('errors:forbidden.preview'));
    return id;
  }

  async function limitCodes(accountId: number) {
    const hit = await rateLimiter.hit(
      `mfa-code:${accountId}`,
      CODE_LIMIT,
      config.loginLimits.windowMinutes * MINUTE,
    );
    if (!hit.allowed) throw errors.rateLimited(hit.retryAfterSeconds);
  }

  function issueBackupCodes(): { codes: string[]; hashes: string[] } {
    const codes = newBackupCodes(10);
    return { codes, hashes: codes.map((c) => hashBackupCode(key, c)) };
  }

  /** TOTP first (its step claimed once), then the backup codes (each spent once). */
  async function checkCode(db: DbOrTrx, accountId: number, code: string): Promise<SecondFactor | null> {
    const state = await identity.mfaState(db, accountId);
    if (!state?.mfa_secret || !state.mfa_enabled_at) return null;
    const now = clock();
    const step = matchTotp(decrypt(key, state.mfa_secret), code, now);
    if (step !== null) return (await identity.claimTotpStep(db, accountId, step)) ? 'totp' : null;
    if (!looksLikeBackupCode(code)) return null;
    for (const row of await identity.unusedBackupCodes(db, accountId)) {
      if (backupCodeMatches(key, code, row.code_hash)) {
        return (await identity.spendBackupCode(db, row.id, now.toISOString())) ? 'backup-code' : null;
      }
    }
    return null;
  }

  async function notify(db: DbOrTrx, accountId: number, subject: EmailText, lines: EmailText[]) {
    const row = await auth.accountIn(db, accountId);
    if (!row) return null;
    return {
      to: { email: row.email, name: row.name, language: row.language },
      content: { subject, heading: subject, paragraphs: lines },
    };
  }

  return {
    async status(actor: Actor): Promise<MfaStatus> {
      const accountId = ownAccountId(actor);
      const { db } = database.forActor(actor);
      const row = accountId === null ? undefined : await auth.accountIn(db, accountId);
      if (!row) return { enabled: false, enabledAt: null, required: false, backupCodesRemaining: 0 };
      return {
        enabled: row.mfa_enabled_at !== null,
        enabledAt: row.mfa_enabled_at,
        required: await auth.mfaRequired(row),
        backupCodesRemaining: row.mfa_enabled_at ? await identity.countUnusedBackupCodes(db, row.id) : 0,
      };
    },

    async startEnrolment(actor: Actor, input: MfaEnrolmentStartBody): Promise<MfaEnrolmentStart> {
      const accountId = requireOwn(actor);
      const { db } = database.forActor(actor);
      const row = await auth.verifyCurrentPassword(db, accountId, input.currentPassword);
      if (row.mfa_enabled_at) {
        throw errors.conflict('mfa_already_enabled', message('errors:mfa.alreadyOnSwitchApp'));
      }
      const secret = newTotpSecret();
      const issuer = (await settings.current())?.name ?? 'Portico';
      const uri = otpauthUri(secret, issuer, row.email);
      const qrCode = await qrCodeDataUrl(uri);
      if (!(await identity.setPendingMfaSecret(db, accountId, encrypt(key, secret), clock().toISOString())))
        throw errors.conflict('mfa_already_enabled', message('errors:mfa.switchedOnMeanwhile'));
      return { secret, otpauthUri: uri, qrCode };
    },

    async confirmEnrolment(actor: Actor, input: { code: string }, meta: RequestMeta): Promise<BackupCodes> {
      const accountId = requireOwn(actor);
      const scoped = database.forActor(actor);
      await limitCodes(accountId);
      const state = await identity.mfaState(scoped.db, accountId);
      if (state?.mfa_enabled_at)
        throw errors.conflict('mfa_already_enabled', message('errors:mfa.alreadyOn'));
      if (!state?.mfa_secret) {
        throw errors.conflict('mfa_setup_not_started', message('errors:mfa.notStarted'));
      }
      const step = matchTotp(decrypt(key, state.mfa_secret), input.code, clock());
      if (step === null) {
        await audit.record(scoped.db, {
          actor,
          action: 'auth.mfa_failed',
          target: { type: 'account', id: accountId },
          details: { step: 'enrolment' },
          meta,
        });
        throw errors.validation(
          {
            code: message('errors:mfa.wrongSetupCodeField'),
          },
          message('errors:mfa.wrongSetupCode'),
        );
      }
      const { codes, hashes } = issueBackupCodes();
      const notice = await notify(scoped.db, accountId, m('emails:mfa.onSubject'), [
        m('emails:mfa.onBody'),
        m('emails:mfa.notYou'),
      ]);
      const at = clock().toISOString();
      await scoped.transaction(async (trx) => {
        if (!(await identity.enableMfa(trx, accountId, state.mfa_secret ?? '', step, at))) {
          throw errors.conflict('changed_meanwhile', message('errors:mfa.setupChanged'));
        }
        await identity.replaceBackupCodes(trx, accountId, hashes, at);
        await audit.record(trx, {
          actor,
          action: 'auth.mfa_enabled',
          target: { type: 'account', id: accountId },
          meta,
        });
        if (notice) await email.send(trx, notice.to, notice.content, { clientId: clientOf(actor) });
      });
      return { backupCodes: codes };
    },

    async regenerateBackupCodes(
      actor: Actor,
      input: RegenerateBackupCodesBody,
      meta: RequestMeta,
    ): Promise<BackupCodes> {
      const accountId = requireOwn(actor);
      const scoped = database.forActor(actor);
      const row = await auth.verifyCurrentPassword(scoped.db, accountId, input.currentPassword);
      if (!row.mfa_enabled_at) throw errors.conflict('mfa_not_enabled', message('errors:mfa.switchOnFirst'));
      const { codes, hashes } = issueBackupCodes();
      await scoped.transaction(async (trx) => {
        await identity.replaceBackupCodes(trx, accountId, hashes, clock().toISOString());
        await audit.record(trx, {
          actor,
          action: 'auth.backup_codes_regenerated',
          target: { type: 'account', id: accountId },
          meta,
        });
      });
      return { backupCodes: codes };
    },

    async disable(actor: Actor, input: MfaDisableBody, meta: RequestMeta): Promise<MfaStatus> {
      const accountId = requireOwn(actor);
      const scoped = database.forActor(actor);
      const row = await auth.verifyCurrentPassword(scoped.db, accountId, input.currentPassword);
      if (!row.mfa_enabled_at) throw errors.conflict('mfa_not_enabled', message('errors:mfa.alreadyOff'));
      await limitCodes(accountId);
      const method = await checkCode(scoped.db, accountId, input.code);
      if (!method) {
        await audit.record(scoped.db, {
          actor,
          action: 'auth.mfa_failed',
          target: { type: 'account', id: accountId },
          details: { step: 'disable' },
          meta,
        });
        throw errors.validation(
          {
            code: message('errors:mfa.wrongCodeField'),
          },
          message('errors:mfa.wrongCodeStillOn'),
        );
      }
      const notice = await notify(scoped.db, accountId, m('emails:mfa.offSubject'), [
        m('emails:mfa.offBody'),
        m('emails:mfa.notYou'),
      ]);
      await scoped.transaction(async (trx) => {
        await identity.disableMfa(trx, accountId, clock().toISOString());
        await audit.record(trx, {
          actor,
          action: 'auth.mfa_disabled',
          target: { type: 'account', id: accountId },
          details: { with: method },
          meta,
        });
        if (notice) await email.send(trx, notice.to, notice.content, { clientId: clientOf(actor) });
      });
      return {
        enabled: false,
        enabledAt: null,
        required: await auth.mfaRequired(row),
        backupCodesRemaining: 0,
      };
    },

    /** The code step of a sign-in: used by the auth module through `loginWithCode`. No actor yet. */
    verifySecondFactor(row: AccountRow, code: string): Promise<SecondFactor | null> {
      return checkCode(database.system('sign-in: the code step').db, row.id, code);
    },
  };
}

function clientOf(actor: Actor): number | null {
  return actor.kind === 'contact' ? actor.clientId : null;
}
