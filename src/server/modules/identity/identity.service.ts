import { staffRoles } from '../../../shared/permissions.ts';
import { type AccountRow, accountsRepository } from './accounts.repository.ts';
import { type SessionRow, sessionsRepository } from './sessions.repository.ts';
import { EVERY_ADDRESS, throttlesRepository, type WaitRule, waitSeconds } from './throttles.repository.ts';
import { tokensRepository } from './tokens.repository.ts';

export type { AccountRow, SessionRow, WaitRule };
export { EVERY_ADDRESS, waitSeconds };

/**
 * Whether this account may sign in (and so be sent a password reset link): an active login, and for
 * staff a known role; for a contact, an active contact of a client that is not archived and has portal
 * access on. The one rule sign-in, session lookup and password resets all follow.
 */
export function maySignIn(row: AccountRow): boolean {
  if (row.status !== 'active') return false;
  if (row.kind === 'staff') return staffRoles.some((r) => r === row.staff_role);
  return (
    row.contact_id !== null &&
    row.client_id !== null &&
    row.contact_status === 'active' &&
    row.client_portal_enabled === 1 &&
    row.client_archived_at === null
  );
}

/**
 * Accounts, sessions, MFA backup codes and single-use tokens, for the modules that work with them
 * (auth, MFA, profile, invitations, password reset, contacts, staff, setup). Each takes the caller's
 * db or transaction first; the caller has checked who may do what. The identity module is the only
 * writer of these tables.
 */
export const identity = Object.freeze({
  // Accounts
  accountByEmail: accountsRepository.findByEmail,
  activeStaffInRoles: accountsRepository.activeStaffInRoles,
  notificationPrefs: accountsRepository.notificationPrefs,
  accountById: accountsRepository.findById,
  insertAccount: accountsRepository.insert,
  setPassword: accountsRepository.resetPassword,
  emailTaken: accountsRepository.emailTaken,
  emailTakenByOther: accountsRepository.emailTakenByOther,
  loginEmailTaken: accountsRepository.loginEmailTaken,
  recordLogin: accountsRepository.recordLogin,
  updateName: accountsRepository.updateName,
  setNotificationPrefs: accountsRepository.setNotificationPrefs,
  setLocale: accountsRepository.setLocale,
  languages: accountsRepository.languages,
  colourScheme: accountsRepository.colourScheme,
  setColourScheme: accountsRepository.setColourScheme,
  applyEmail: accountsRepository.applyEmail,

  // Sign-in throttling (the rules are the auth module's: auth.throttle.ts)
  reserveSignInAttempt: throttlesRepository.reserve,
  signInWaitUntil: throttlesRepository.blockedUntil,
  releaseSignInAttempt: throttlesRepository.release,
  signInSucceeded: throttlesRepository.succeeded,
  signedInFrom: throttlesRepository.signedInFrom,
  claimThrottleNotice: throttlesRepository.claimNotice,
  clearSignInWaits: throttlesRepository.clearForAccount,
  deleteStaleThrottles: throttlesRepository.deleteStale,

  // A contact's login
  setContactLoginStatus: accountsRepository.setContactLoginStatus,
  updateContactLogin: accountsRepository.updateContactLogin,
  endSessionsOfContact: sessionsRepository.deleteForContact,

  // Two-factor authentication
  mfaState: accountsRepository.mfaState,
  setPendingMfaSecret: accountsRepository.setPendingMfaSecret,
  enableMfa: accountsRepository.enableMfa,
  disableMfa: accountsRepository.disableMfa,
  claimTotpStep: accountsRepository.claimTotpStep,
  replaceBackupCodes: accountsRepository.replaceBackupCodes,
  unusedBackupCodes: accountsRepository.unusedBackupCodes,
  countUnusedBackupCodes: accountsRepository.countUnusedBackupCodes,
  spendBackupCode: accountsRepository.spendBackupCode,

  // Sessions
  session: sessionsRepository.find,
  insertSession: sessionsRepository.insert,
  touchSession: sessionsRepository.touch,
  deleteSession: sessionsRepository.delete,
  deleteSessionsOfAccount: sessionsRepository.deleteForAccount,
  deleteExpiredSessions: sessionsRepository.deleteExpired,
  listSessions: sessionsRepository.listForAccount,
  deleteSessionOfAccount: sessionsRepository.deleteOfAccount,

  // Single-use tokens
  insertToken: tokensRepository.insert,
  findToken: tokensRepository.find,
  consumeToken: tokensRepository.consume,
  deleteUnusedTokensOfContact: tokensRepository.deleteUnusedForContact,
  deleteUnusedTokensOfAccount: tokensRepository.deleteUnusedForAccount,
  insertChallenge: tokensRepository.insertChallenge,
  reserveChallengeAttempt: tokensRepository.reserveChallengeAttempt,
  consumeChallenge: tokensRepository.consumeChallenge,
  deleteDeadChallenges: tokensRepository.deleteDeadChallenges,
  startEmailChange: tokensRepository.startEmailChange,
  consumeEmailChange: tokensRepository.consumeEmailChange,
});
