import { createHmac } from 'node:crypto';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto.ts';

/** What a token is bound to when the browser holds no session: sign-in itself (login CSRF). */
export const SIGNED_OUT = 'signed-out';

/** A 24-byte nonce and the 32-byte MAC, both base64url, joined by a dot. */
const tokenShape = /^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/;

export type CsrfTokens = ReturnType<typeof createCsrfTokens>;

/**
 * CSRF tokens tied to the session (decision 003): a random nonce and an HMAC over it and the session
 * the browser holds (the SHA-256 of its session cookie, the id the sessions table keys it by), with a
 * key derived from the instance's session secret. The token still travels as a double-submit cookie
 * and header, but a token taken from one session, or from before a sign-in, fails on any other: it
 * verifies only against the session it was issued for.
 */
export function createCsrfTokens(sessionSecret: string) {
  // A key of its own, so no other use of the session secret can produce a valid token.
  const key = createHmac('sha256', sessionSecret).update('portico csrf token key v1').digest();

  function mac(binding: string, nonce: string): string {
    return createHmac('sha256', key).update(`${binding}\n${nonce}`).digest('base64url');
  }

  return {
    /** The binding of a browser by its session cookie (undefined: signed out). */
    bindingOf(sessionCookie: string | undefined): string {
      return sessionCookie ? sha256Hex(sessionCookie) : SIGNED_OUT;
    },

    issue(binding: string): string {
      const nonce = randomToken(24);
      return `${nonce}.${mac(binding, nonce)}`;
    },

    /** Whether `token` was issued by this instance for exactly this binding. */
    verify(token: string | undefined, binding: string): boolean {
      if (typeof token !== 'string' || !tokenShape.test(token)) return false;
      const [nonce = '', given = ''] = token.split('.');
      return safeEqual(given, mac(binding, nonce));
    },
  };
}
