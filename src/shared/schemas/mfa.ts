import { z } from 'zod';
import { password } from './common.ts';

/** A 6-digit code from an authenticator app; spaces people type between the groups are ignored. */
export const totpCode = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'errors:validation.authenticatorCode'));

/** Two-factor authentication of the signed-in person. */
export const mfaStatusResponse = z
  .object({
    enabled: z.boolean(),
    enabledAt: z.string().nullable(),
    /** The organisation (staff) or the client (contacts) requires it. */
    required: z.boolean(),
    /** Backup codes not used yet (0 when MFA is off). */
    backupCodesRemaining: z.number().int(),
  })
  .meta({ id: 'MfaStatus' });
export type MfaStatus = z.infer<typeof mfaStatusResponse>;

/** `POST /api/v1/mfa/enrolment`: start setting up an authenticator app (the current password confirms it is you). */
export const mfaEnrolmentStartBody = z
  .object({ currentPassword: password })
  .strict()
  .meta({ id: 'MfaEnrolmentStartRequest' });
export type MfaEnrolmentStartBody = z.infer<typeof mfaEnrolmentStartBody>;

export const mfaEnrolmentStartResponse = z
  .object({
    /** The secret in base32, for typing into an app that cannot scan the QR code. */
    secret: z.string(),
    /** The otpauth:// URI the QR code holds. */
    otpauthUri: z.string(),
    /** The QR code as a PNG data: URL. */
    qrCode: z.string(),
  })
  .meta({ id: 'MfaEnrolmentStart' });
export type MfaEnrolmentStart = z.infer<typeof mfaEnrolmentStartResponse>;

/** `POST /api/v1/mfa/enrolment/confirm`: a current code proves the app works; only then is MFA switched on. */
export const mfaEnrolmentConfirmBody = z
  .object({ code: totpCode })
  .strict()
  .meta({ id: 'MfaEnrolmentConfirmRequest' });
export type MfaEnrolmentConfirmBody = z.input<typeof mfaEnrolmentConfirmBody>;

/** Ten single-use backup codes, shown this once and stored only as hashes. */
export const backupCodesResponse = z
  .object({ backupCodes: z.array(z.string()) })
  .meta({ id: 'MfaBackupCodes' });
export type BackupCodes = z.infer<typeof backupCodesResponse>;

/** `POST /api/v1/mfa/backup-codes`: replace all backup codes (the old ones stop working). */
export const regenerateBackupCodesBody = z
  .object({ currentPassword: password })
  .strict()
  .meta({ id: 'MfaRegenerateBackupCodesRequest' });
export type RegenerateBackupCodesBody = z.infer<typeof regenerateBackupCodesBody>;

/** `POST /api/v1/mfa/disable`: the current password and a code (from the app, or a backup code). */
export const mfaDisableBody = z
  .object({
    currentPassword: password,
    code: z.string().trim().min(1, 'errors:validation.authenticatorOrBackupCode').max(40),
  })
  .strict()
  .meta({ id: 'MfaDisableRequest' });
export type MfaDisableBody = z.infer<typeof mfaDisableBody>;
