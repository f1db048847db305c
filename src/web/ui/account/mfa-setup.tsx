import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  Group,
  Image,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { MfaEnrolmentStart } from '../../../shared/schemas/mfa.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useConfirmMfaEnrolment, useStartMfaEnrolment } from '../../api/mfa.ts';
import { useBrandingContext } from '../branding-context.ts';
import { BackupCodesList } from './backup-codes.tsx';

/** Splits a base32 secret into groups of four, the way people type it into an app. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Setting up an authenticator app: the password confirms it is you, then a QR code (or the secret to
 * type in), then a current code switches it on and the backup codes are shown once.
 */
export function MfaSetup({ onFinished, onCancel }: { onFinished: () => void; onCancel?: () => void }) {
  const branding = useBrandingContext();
  const start = useStartMfaEnrolment();
  const confirm = useConfirmMfaEnrolment();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<MfaEnrolmentStart | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const startFields = start.error instanceof ApiError ? start.error.fields : {};
  const confirmFields = confirm.error instanceof ApiError ? confirm.error.fields : {};

  if (codes) {
    return (
      <Stack gap="md" data-testid="mfa-setup-done">
        <Alert color="green" title="Two-factor authentication is on" role="status">
          From now on, signing in asks for a code from your authenticator app.
        </Alert>
        <BackupCodesList codes={codes} organisation={branding.organisationName} />
        <Group>
          <Button onClick={onFinished} data-testid="mfa-finish">
            I have saved my backup codes
          </Button>
        </Group>
      </Stack>
    );
  }

  if (enrolment) {
    const onConfirm = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const digits = code.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(digits)) {
        setMissing('Enter the 6-digit code your app shows');
        return;
      }
      setMissing(null);
      confirm.mutate({ code: digits }, { onSuccess: (result) => setCodes(result.backupCodes) });
    };
    return (
      <form onSubmit={onConfirm} noValidate aria-label="Confirm your authenticator app">
        <Stack gap="md">
          <Text size="sm">
            1. Open an authenticator app on your phone (for example Microsoft Authenticator, Google
            Authenticator, 1Password or Bitwarden) and scan this QR code.
          </Text>
          <Box>
            <Image
              src={enrolment.qrCode}
              alt="QR code to scan with your authenticator app"
              w={200}
              h={200}
              fit="contain"
              data-testid="mfa-qr"
            />
          </Box>
          <Text size="sm">Cannot scan it? Enter this key in the app instead (time-based, 6 digits):</Text>
          <Code
            block
            fz="md"
            data-testid="mfa-secret"
            data-secret={enrolment.secret}
            style={{ wordBreak: 'break-all' }}
          >
            {grouped(enrolment.secret)}
          </Code>
          <TextInput
            label="2. Enter the 6-digit code the app shows"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={missing ?? confirmFields.code}
            maw={220}
            data-testid="mfa-setup-code"
          />
          {confirm.isError && !confirmFields.code ? (
            <Alert color="red" role="alert" title="Not switched on">
              {errorMessage(confirm.error)}
            </Alert>
          ) : null}
          <Group gap="sm">
            <Button type="submit" loading={confirm.isPending} data-testid="mfa-confirm">
              Switch on
            </Button>
            {onCancel ? (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    );
  }

  const onStart = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!password) {
      setMissing('Enter your current password');
      return;
    }
    setMissing(null);
    start.mutate({ currentPassword: password }, { onSuccess: (result) => setEnrolment(result) });
  };

  return (
    <form onSubmit={onStart} noValidate aria-label="Set up two-factor authentication">
      <Stack gap="sm" maw={420}>
        <Text size="sm">You will need an authenticator app on your phone. First, confirm it is you.</Text>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing ?? startFields.currentPassword}
          data-testid="mfa-setup-password"
        />
        {start.isError && !startFields.currentPassword ? (
          <Alert color="red" role="alert" title="Could not start the set-up">
            {errorMessage(start.error)}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={start.isPending} data-testid="mfa-setup-start">
            Continue
          </Button>
          {onCancel ? (
            <Anchor component="button" type="button" size="sm" onClick={onCancel}>
              Cancel
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
