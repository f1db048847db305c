import { PasswordInput, Stack } from '@mantine/core';

export interface NewPassword {
  password: string;
  confirm: string;
}

export const emptyNewPassword: NewPassword = { password: '', confirm: '' };

/** What is wrong with the two fields before anything is sent; the server judges the password itself. */
export function newPasswordProblems(value: NewPassword): { password?: string; confirm?: string } {
  if (!value.password) return { password: 'Enter a password' };
  if (value.password !== value.confirm) return { confirm: 'The two passwords are not the same' };
  return {};
}

/** A new password and its confirmation, shared by the invite, join and reset pages. */
export function NewPasswordFields(props: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
  label?: string;
}) {
  return (
    <Stack gap="md">
      <PasswordInput
        label={props.label ?? 'New password'}
        description="Use a long password: several unrelated words work well. Common passwords are refused."
        name="new-password"
        autoComplete="new-password"
        required
        value={props.value.password}
        onChange={(e) => props.onChange({ ...props.value, password: e.currentTarget.value })}
        error={props.errors.password}
        data-testid="new-password"
      />
      <PasswordInput
        label="Repeat the password"
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
