import { z } from 'zod';
import { email, id, password } from './common.ts';
import { linkToken, tokenStates } from './invitations.ts';

/** `POST /api/v1/auth/password-reset`: the same answer whether or not the email has an account. */
export const passwordResetRequestBody = z.object({ email }).strict().meta({ id: 'PasswordResetRequest' });
export type PasswordResetRequestBody = z.input<typeof passwordResetRequestBody>;

export const passwordResetAccepted = z
  .object({ ok: z.literal(true), message: z.string() })
  .meta({ id: 'PasswordResetAccepted' });
export type PasswordResetAccepted = z.infer<typeof passwordResetAccepted>;

/** `POST /api/v1/auth/password-reset/describe` */
export const resetTokenBody = z.object({ token: linkToken }).strict();

export const resetDescription = z
  .object({ status: z.enum(tokenStates) })
  .meta({ id: 'PasswordResetDescription' });
export type ResetDescription = z.infer<typeof resetDescription>;

/** `POST /api/v1/auth/password-reset/complete` */
export const completeResetBody = z
  .object({ token: linkToken, password })
  .strict()
  .meta({ id: 'PasswordResetComplete' });
export type CompleteResetBody = z.infer<typeof completeResetBody>;

/** After a reset the person signs in again (their MFA still applies): this says where. */
export const resetCompleted = z
  .object({ ok: z.literal(true), signInUrl: z.enum(['/portal/', '/staff/']) })
  .meta({ id: 'PasswordResetCompleted' });
export type ResetCompleted = z.infer<typeof resetCompleted>;

/** `POST /api/v1/clients/{clientId}/contacts/{contactId}/password-reset` */
export const contactResetParams = z.object({ clientId: id, contactId: id }).strict();
