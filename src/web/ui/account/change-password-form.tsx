import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  submitLabel,
  onChanged,
}: {
  minLength: number;
  submitLabel?: string;
  onChanged?: (otherSessionsEnded: number) => void;
}) {
  const { t } = useTranslation();
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
    if (!current) found.currentPassword = t('ui:password.enterCurrent');
    if (characterCount(next) < minLength) found.newPassword = t('ui:password.tooShort', { count: minLength });
    if (next !== repeat) found.repeat = t('ui:password.notSame');
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
    <form onSubmit={onSubmit} noValidate aria-label={t('ui:password.change')}>
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label={t('ui:password.current')}
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errorFor('currentPassword')}
          required
          data-testid="password-current"
        />
        <PasswordInput
          label={t('ui:password.new')}
          description={t('ui:password.newHint', { count: minLength })}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errorFor('newPassword')}
          required
          data-testid="password-new"
        />
        <PasswordInput
          label={t('ui:password.again')}
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={errorFor('repeat')}
          required
          data-testid="password-repeat"
        />
        {change.isError && !Object.keys(server).length ? (
          <SubmitError title={t('ui:password.notChanged')} error={change.error} />
        ) : null}
        {done !== null ? (
          <Alert color="green" role="status" title={t('ui:password.changed')} data-testid="password-changed">
            <Text size="sm">{t('ui:password.inUse', { count: done })}</Text>
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={change.isPending} data-testid="password-submit">
            {submitLabel ?? t('ui:password.change')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
