import { PASSWORD_MIN_LENGTH } from '../../../shared/schemas/common.ts';
import type { SetupBody } from '../../../shared/schemas/setup.ts';

/** The server's password policy asks for at least this many characters; saying so up front saves a round trip. */
export const MIN_PASSWORD_LENGTH = PASSWORD_MIN_LENGTH;

/** A translate function (react-i18next's `t`, or the shared `translatorFor` in tests). */
export type Translate = (key: `staffAdmin:${string}`, values?: Record<string, string | number>) => string;

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
export function validateSetup(values: SetupValues, t: Translate): SetupErrors {
  const errors: SetupErrors = {};
  if (!values.organisationName.trim()) errors.organisationName = t('staffAdmin:settings.problem.name');
  if (!values.ownerName.trim()) errors.ownerName = t('staffAdmin:setup.problem.name');
  const email = values.ownerEmail.trim();
  if (!email) errors.ownerEmail = t('staffAdmin:setup.problem.email');
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    errors.ownerEmail = t('staffAdmin:setup.problem.emailInvalid');
  if ([...values.ownerPassword].length < MIN_PASSWORD_LENGTH) {
    errors.ownerPassword = t('staffAdmin:setup.problem.password', { min: MIN_PASSWORD_LENGTH });
  }
  return errors;
}
