import { PasswordInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface NewPassword {
  password: string;
  confirm: string;
}

export const emptyNewPassword: NewPassword = { password: '', confirm: '' };

/** What is wrong with the two fields before anything is sent; the server judges the password itself. */
export function newPasswordProblems(
  value: NewPassword,
  t: (key: 'ui:newPassword.enter' | 'ui:newPassword.notSame') => string,
): { password?: string; confirm?: string } {
  if (!value.password) return { password: t('ui:newPassword.enter') };
  if (value.password !== value.confirm) return { confirm: t('ui:newPassword.notSame') };
  return {};
}

/** A new password and its confirmation, shared by the invite, join and reset pages. */
export function NewPasswordFields(props: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <PasswordInput
        label={props.label ?? t('ui:password.new')}
        description={t('ui:newPassword.hint')}
        name="new-password"
        autoComplete="new-password"
        required
        value={props.value.password}
        onChange={(e) => props.onChange({ ...props.value, password: e.currentTarget.value })}
        error={props.errors.password}
        data-testid="new-password"
      />
      <PasswordInput
        label={t('ui:newPassword.repeat')}
        name="confirm-password"
        autoComplete="new-password"
        required
        value={props.value.confirm}
        onChange={(e) => props.onChange({ ...props.value, confirm: e.currentTarget.value })}
        error={props.errors.confirm}
        data-testid="confirm-password"
      />
    </Stack>
  );
}
