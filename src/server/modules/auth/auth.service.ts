import { type Bound, bindContext } from '../../platform/context.ts';
import { accountIn, mfaRequired, passwordRules, verifyCurrentPassword } from './auth.account.ts';
import type { AuthContext } from './auth.context.ts';
import {
  endAllSessions,
  listSessions,
  logout,
  me,
  purgeExpiredSessions,
  resolveSession,
  revokeOtherSessions,
  revokeSession,
} from './auth.sessions.ts';
import { createSession, login, loginWithCode } from './auth.sign-in.ts';

export { actorFromRow, gateFor, mfaRequiredFor, publicSessionId } from './auth.actor.ts';
export {
  type AuthContext,
  CHALLENGE_MAX_ATTEMPTS,
  type LoginOutcome,
  type NewSession,
  type PublicSession,
  type SecondFactor,
  type SessionGate,
  type SessionInfo,
} from './auth.context.ts';

/**
 * Sign-in (password, then the code step), sessions and re-authentication. Each use case is a function
 * of its own (auth.sign-in.ts, auth.sessions.ts, auth.account.ts) taking the context first; the
 * composition root binds them once, so callers write `auth.login(input, meta)`.
 */
export const authUseCases = {
  createSession,
  login,
  loginWithCode,
  logout,
  resolve: resolveSession,
  me,
  purgeExpiredSessions,
  endAllSessions,
  listSessions,
  revokeSession,
  revokeOtherSessions,
  verifyCurrentPassword,
  accountIn,
  mfaRequired,
  passwordRules,
};

export type AuthService = Bound<AuthContext, typeof authUseCases>;

export function createAuthService(ctx: AuthContext): AuthService {
  return bindContext(ctx, authUseCases);
}
