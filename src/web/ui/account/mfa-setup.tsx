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
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
        <Alert color="green" title={t('ui:mfaSetup.on')} role="status">
          {t('ui:mfaSetup.onBody')}
        </Alert>
        <BackupCodesList codes={codes} organisation={branding.organisationName} />
        <Group>
          <Button onClick={onFinished} data-testid="mfa-finish">
            {t('ui:mfaSetup.saved')}
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
        setMissing(t('ui:mfaSetup.enterCode'));
        return;
      }
      setMissing(null);
      confirm.mutate({ code: digits }, { onSuccess: (result) => setCodes(result.backupCodes) });
    };
    return (
      <form onSubmit={onConfirm} noValidate aria-label={t('ui:mfaSetup.confirmApp')}>
        <Stack gap="md">
          <Text size="sm">{t('ui:mfaSetup.step1')}</Text>
          <Box>
            <Image
              src={enrolment.qrCode}
              alt={t('ui:mfaSetup.qrAlt')}
              w={200}
              h={200}
              fit="contain"
              data-testid="mfa-qr"
            />
          </Box>
          <Text size="sm">{t('ui:mfaSetup.cannotScan')}</Text>
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
            label={t('ui:mfaSetup.step2')}
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
            <Alert color="red" role="alert" title={t('ui:mfaSetup.notOn')}>
              {errorMessage(confirm.error)}
            </Alert>
          ) : null}
          <Group gap="sm">
            <Button type="submit" loading={confirm.isPending} data-testid="mfa-confirm">
              {t('ui:mfaSetup.switchOn')}
            </Button>
            {onCancel ? (
              <Button variant="default" onClick={onCancel}>
                {t('ui:common.cancel')}
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
      setMissing(t('ui:password.enterCurrent'));
      return;
    }
    setMissing(null);
    start.mutate({ currentPassword: password }, { onSuccess: (result) => setEnrolment(result) });
  };

  return (
    <form onSubmit={onStart} noValidate aria-label={t('ui:gate.setUpMfa')}>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t('ui:mfaSetup.intro')}</Text>
        <PasswordInput
          label={t('ui:password.current')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing ?? startFields.currentPassword}
          data-testid="mfa-setup-password"
        />
        {start.isError && !startFields.currentPassword ? (
          <Alert color="red" role="alert" title={t('ui:mfaSetup.couldNotStart')}>
            {errorMessage(start.error)}
          </Alert>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={start.isPending} data-testid="mfa-setup-start">
            {t('ui:common.continue')}
          </Button>
          {onCancel ? (
            <Anchor component="button" type="button" size="sm" onClick={onCancel}>
              {t('ui:common.cancel')}
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
