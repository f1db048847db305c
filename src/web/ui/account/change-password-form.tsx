import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useChangePassword } from '../../api/profile.ts';
import { SubmitError } from '../states.tsx';
import { characterCount } from './format.ts';

/**
 * Current password, new password twice. Used by the profile and by the screen that asks for a new
 * password after a staff-set one. The server checks the policy again (length, common passwords).
 */
export function ChangePasswordForm({
  minLength,
  submitLabel = 'Change password',
  onChanged,
}: {
  minLength: number;
  submitLabel?: string;
  onChanged?: (otherSessionsEnded: number) => void;
}) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<number | null>(null);
  const server = change.error instanceof ApiError ? change.error.fields : {};
  const errorFor = (key: string) => local[key] ?? server[key];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!current) found.currentPassword = 'Enter your current password';
    if (characterCount(next) < minLength) found.newPassword = `Use at least ${minLength} characters`;
    if (next !== repeat) found.repeat = 'The two new passwords are not the same';
    setLocal(found);
    setDone(null);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: (result) => {
          setCurrent('');
          setNext('');
          setRepeat('');
          setDone(result.otherSessionsEnded);
          onChanged?.(result.otherSessionsEnded);
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Change password">
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errorFor('currentPassword')}
          required
          data-testid="password-current"
        />
        <PasswordInput
          label="New password"
          description={`At least ${minLength} characters. A few unrelated words make a strong, memorable password; common passwords are refused.`}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errorFor('newPassword')}
          required
          data-testid="password-new"
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={errorFor('repeat')}
          required
          data-testid="password-repeat"
        />
        {change.isError && !Object.keys(server).length ? (
          <SubmitError title="The password was not changed" error={change.error} />
        ) : null}
        {done !== null ? (
          <Alert color="green" role="status" title="Password changed" data-testid="password-changed">
            <Text size="sm">
              {done === 0
                ? 'Your new password is in use.'
                : `Your new password is in use, and ${done} other signed-in ${done === 1 ? 'session was' : 'sessions were'} signed out.`}
            </Text>
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={change.isPending} data-testid="password-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
