import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common.ts';
import type { SetupBody } from '../../../shared/schemas/setup.ts';

/** The server's password policy asks for at least this many characters; saying so up front saves a round trip. */
export const MIN_PASSWORD_LENGTH = PASSWORD_MIN_LENGTH;

export type SetupValues = Required<SetupBody>;
export type SetupErrors = Partial<Record<keyof SetupBody, string>>;

export const emptySetup: SetupValues = {
  organisationName: '',
  ownerName: '',
  ownerEmail: '',
  ownerPassword: '',
  loadDemo: false,
};

/** Checks what can be checked without the server, with the same messages the server would give. */
export function validateSetup(values: SetupValues): SetupErrors {
  const errors: SetupErrors = {};
  if (!values.organisationName.trim()) errors.organisationName = 'Enter the organisation name';
  if (!values.ownerName.trim()) errors.ownerName = 'Enter a name';
  const email = values.ownerEmail.trim();
  if (!email) errors.ownerEmail = 'Enter your email address';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.ownerEmail = 'Enter a valid email address';
  if ([...values.ownerPassword].length < MIN_PASSWORD_LENGTH) {
    errors.ownerPassword = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  return errors;
}
