import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile, SignInItem } from '../../../shared/schemas/profile.ts';
import { profilePatch } from '../../../shared/schemas/profile.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useDisableMfa, useMfaStatus, useRegenerateBackupCodes } from '../../api/mfa.ts';
import {
  useProfile,
  useRequestEmailChange,
  useRevokeOtherSessions,
  useRevokeSession,
  useSessions,
  useSignIns,
  useUpdateProfile,
} from '../../api/profile.ts';
import { useBrandingContext } from '../branding-context.ts';
import { maxLengthOf } from '../character-limit.ts';
import { useFormat } from '../i18n/use-format.ts';
import { LimitedTextInput } from '../limited-field.tsx';
import { ErrorState, PageLoader, SubmitError } from '../states.tsx';
import { AppearanceSection } from './appearance-section.tsx';
import { BackupCodesList } from './backup-codes.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';
import { LocaleSection } from './locale-section.tsx';
import { MfaSetup } from './mfa-setup.tsx';
import { NotificationsSection } from './notifications-section.tsx';
import { AccountSection } from './section.tsx';

/** Every part of a person's own profile; the staff and portal pages put their own header above it. */
export function ProfileSections() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (profile.isPending) return <PageLoader label={t('ui:profile.loading')} />;
  if (profile.isError) {
    return (
      <ErrorState
        title={t('ui:profile.couldNotLoad')}
        error={profile.error}
        onRetry={() => void profile.refetch()}
      />
    );
  }
  const data = profile.data;
  if (data.preview) {
    return (
      <Stack gap="lg">
        <Alert color="gray" title={t('ui:profile.preview')} data-testid="profile-preview">
          {t('ui:profile.previewBody')}
        </Alert>
        <DetailsSection profile={data} readOnly />
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <DetailsSection profile={data} />
      <EmailSection profile={data} />
      <AccountSection
        id="profile-password"
        title={t('ui:signIn.password')}
        description={t('ui:profile.passwordHint')}
      >
        <ChangePasswordForm minLength={data.passwordMinLength} />
      </AccountSection>
      <MfaSection />
      <NotificationsSection
        key={JSON.stringify(data.notifications)}
        prefs={data.notifications}
        kind={data.kind}
      />
      <LocaleSection />
      <AppearanceSection />
      <SessionsSection />
      <SignInHistorySection />
    </Stack>
  );
}

function DetailsSection({ profile, readOnly = false }: { profile: Profile; readOnly?: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateProfile();
  const [name, setName] = useState(profile.name);
  const [phone, setPhone] = useState(profile.phone ?? '');
  const [mobile, setMobile] = useState(profile.mobile ?? '');
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const contact = profile.kind === 'contact';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(t('ui:profile.enterName'));
      return;
    }
    setMissing(null);
    setSaved(false);
    update.mutate(
      { name: name.trim(), ...(contact ? { phone, mobile } : {}) },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <AccountSection
      id="profile-details"
      title={t('ui:profile.details')}
      description={contact ? t('ui:profile.detailsHint') : undefined}
    >
      <form onSubmit={onSubmit} noValidate aria-label={t('ui:profile.details')}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: contact ? 3 : 1 }} maw={contact ? undefined : 420}>
            <LimitedTextInput
              label={t('ui:profile.name')}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={missing ?? fields.name}
              disabled={readOnly}
              maxLength={maxLengthOf(profilePatch.shape.name)}
              required
              data-testid="profile-name"
            />
            {contact ? (
              <>
                <LimitedTextInput
                  label={t('ui:profile.phone')}
                  type="tel"
                  autoComplete="tel"
                  value={phone}
                  onChange={(e) => setPhone(e.currentTarget.value)}
                  error={fields.phone}
                  disabled={readOnly}
                  maxLength={maxLengthOf(profilePatch.shape.phone)}
                  data-testid="profile-phone"
                />
                <LimitedTextInput
                  label={t('ui:profile.mobile')}
                  type="tel"
                  autoComplete="tel"
                  value={mobile}
                  onChange={(e) => setMobile(e.currentTarget.value)}
                  error={fields.mobile}
                  disabled={readOnly}
                  maxLength={maxLengthOf(profilePatch.shape.mobile)}
                  data-testid="profile-mobile"
                />
              </>
            ) : null}
          </SimpleGrid>
          {update.isError && Object.keys(fields).length === 0 ? (
            <SubmitError title={t('ui:common.notSaved')} error={update.error} />
          ) : null}
          {saved ? (
            <Text size="sm" c="green" role="status" data-testid="profile-saved">
              {t('ui:common.saved')}
            </Text>
          ) : null}
          {readOnly ? null : (
            <Group>
              <Button type="submit" loading={update.isPending} data-testid="profile-save">
                {t('ui:profile.saveDetails')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </AccountSection>
  );
}

function EmailSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const request = useRequestEmailChange();
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = request.error instanceof ApiError ? request.error.fields : {};
  const errorFor = (key: string) => local[key] ?? fields[key];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(newEmail.trim())) found.newEmail = t('ui:profile.validEmail');
    if (!password) found.currentPassword = t('ui:password.enterCurrent');
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    request.mutate(
      { newEmail: newEmail.trim(), currentPassword: password },
      {
        onSuccess: (result) => {
          setSentTo(result.pendingEmail);
          setNewEmail('');
          setPassword('');
        },
      },
    );
  };

  return (
    <AccountSection id="profile-email" title={t('ui:profile.email')} description={t('ui:profile.emailHint')}>
      <Text>
        {t('ui:profile.currentEmail')}{' '}
        <strong data-testid="profile-email-current" dir="auto">
          {profile.email}
        </strong>
      </Text>
      {(sentTo ?? profile.pendingEmail) ? (
        <Alert color="blue" title={t('ui:profile.waiting')} role="status" data-testid="profile-email-pending">
          {t('ui:profile.waitingBody', { pending: sentTo ?? profile.pendingEmail, current: profile.email })}
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} noValidate aria-label={t('ui:profile.changeEmail')}>
        <Stack gap="sm" maw={420}>
          <TextInput
            label={t('ui:profile.newEmail')}
            type="email"
            autoComplete="email"
            value={newEmail}
            onChange={(e) => setNewEmail(e.currentTarget.value)}
            error={errorFor('newEmail')}
            data-testid="profile-email-new"
          />
          <PasswordInput
            label={t('ui:password.current')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errorFor('currentPassword')}
            data-testid="profile-email-password"
          />
          {request.isError && Object.keys(fields).length === 0 ? (
            <SubmitError title={t('ui:profile.noLinkSent')} error={request.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={request.isPending} data-testid="profile-email-submit">
              {t('ui:profile.sendLink')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AccountSection>
  );
}

function MfaSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const branding = useBrandingContext();
  const status = useMfaStatus();
  const regenerate = useRegenerateBackupCodes();
  const disable = useDisableMfa();
  const [mode, setMode] = useState<'setup' | 'codes' | 'disable' | null>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);

  const reset = () => {
    setMode(null);
    setPassword('');
    setCode('');
    regenerate.reset();
    disable.reset();
  };

  let body: ReactNode;
  // The set-up keeps its place until the person has seen the backup codes, even once MFA reads as on.
  if (mode === 'setup') body = <MfaSetup onFinished={reset} onCancel={reset} />;
  else if (status.isPending) body = <PageLoader />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (!status.data.enabled) {
    body = (
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color="gray" variant="light" data-testid="mfa-state">
            {t('ui:profile.mfaOff')}
          </Badge>
          {status.data.required ? (
            <Text size="sm" c="red">
              {t('ui:profile.mfaRequired')}
            </Text>
          ) : null}
        </Group>
        <Text size="sm">{t('ui:profile.mfaExplain')}</Text>
        <Group>
          <Button onClick={() => setMode('setup')} data-testid="mfa-setup">
            {t('ui:gate.setUpMfa')}
          </Button>
        </Group>
      </Stack>
    );
  } else {
    const fields =
      (mode === 'codes' ? regenerate.error : disable.error) instanceof ApiError
        ? ((mode === 'codes' ? regenerate.error : disable.error) as ApiError).fields
        : {};
    const pending = mode === 'codes' ? regenerate.isPending : disable.isPending;
    const failure = mode === 'codes' ? regenerate.error : disable.error;
    const onSubmit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (mode === 'codes') {
        regenerate.mutate(
          { currentPassword: password },
          {
            onSuccess: (result) => {
              setCodes(result.backupCodes);
              reset();
            },
          },
        );
      } else if (mode === 'disable') {
        disable.mutate({ currentPassword: password, code }, { onSuccess: reset });
      }
    };
    body = (
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color="green" variant="light" data-testid="mfa-state">
            {t('ui:profile.mfaOn')}
          </Badge>
          <Text size="sm">
            {status.data.enabledAt
              ? `${t('ui:profile.mfaSince', { when: format.dateTime(status.data.enabledAt) })} · `
              : null}
            {t('ui:profile.codesLeft', { count: status.data.backupCodesRemaining, total: 10 })}
          </Text>
        </Group>
        {codes ? <BackupCodesList codes={codes} organisation={branding.organisationName} /> : null}
        {mode ? (
          <form
            onSubmit={onSubmit}
            noValidate
            aria-label={mode === 'codes' ? t('ui:profile.newCodes') : t('ui:profile.switchOff')}
          >
            <Stack gap="sm" maw={420}>
              <Text size="sm">
                {mode === 'codes'
                  ? t('ui:profile.newCodesHint')
                  : status.data.required
                    ? t('ui:profile.switchOffRequired')
                    : t('ui:profile.switchOffHint')}
              </Text>
              <PasswordInput
                label={t('ui:password.current')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fields.currentPassword}
                data-testid="mfa-password"
              />
              {mode === 'disable' ? (
                <TextInput
                  label={t('ui:profile.codeOrBackup')}
                  autoComplete="one-time-code"
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  error={fields.code}
                  maw={260}
                  data-testid="mfa-disable-code"
                />
              ) : null}
              {failure && Object.keys(fields).length === 0 ? (
                <Alert color="red" role="alert">
                  {errorMessage(failure)}
                </Alert>
              ) : null}
              <Group gap="sm">
                <Button
                  type="submit"
                  color={mode === 'disable' ? 'red' : undefined}
                  loading={pending}
                  data-testid="mfa-submit"
                >
                  {mode === 'codes' ? t('ui:profile.makeCodes') : t('ui:profile.switchOff')}
                </Button>
                <Button variant="default" onClick={reset}>
                  {t('ui:common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Group gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setCodes(null);
                setMode('codes');
              }}
              data-testid="mfa-new-codes"
            >
              {t('ui:profile.newCodes')}
            </Button>
            <Button
              variant="default"
              color="red"
              onClick={() => setMode('disable')}
              data-testid="mfa-disable"
            >
              {t('ui:profile.switchOff')}
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <AccountSection id="profile-mfa" title={t('ui:mfaStep.title')} description={t('ui:profile.mfaHint')}>
      {body}
    </AccountSection>
  );
}

function SessionsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  return (
    <AccountSection
      id="profile-sessions"
      title={t('ui:profile.sessions')}
      description={t('ui:profile.sessionsHint')}
    >
      {sessions.isPending ? (
        <PageLoader label={t('ui:profile.loadingSessions')} />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Stack gap="sm">
          {items.map((session) => (
            <Paper key={session.id} withBorder p="sm" data-testid="session-row">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={2} miw={0}>
                  <Group gap="xs">
                    <Text fw={600} size="sm" dir="auto">
                      {session.browser}
                    </Text>
                    {session.current ? (
                      <Badge size="sm" variant="light" data-testid="session-current">
                        {t('ui:profile.thisDevice')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('ui:profile.sessionLine', {
                      ip: session.ip,
                      signedIn: format.dateTime(session.createdAt),
                      lastActive: format.dateTime(session.lastSeenAt),
                    })}
                  </Text>
                </Stack>
                {session.current ? null : (
                  <Button
                    size="xs"
                    variant="default"
                    loading={revoke.isPending && revoke.variables === session.id}
                    onClick={() => revoke.mutate(session.id)}
                    aria-label={t('ui:profile.signOutSession', { browser: session.browser, ip: session.ip })}
                  >
                    {t('ui:layout.signOut')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
          {revoke.isError || revokeOthers.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(revoke.error ?? revokeOthers.error)}
            </Alert>
          ) : null}
          {revokeOthers.isSuccess ? (
            <Text size="sm" c="green" role="status">
              {t('ui:profile.signedOutOthers', { count: revokeOthers.data.ended })}
            </Text>
          ) : null}
          <Group>
            <Button
              variant="default"
              disabled={others === 0}
              loading={revokeOthers.isPending}
              onClick={() => revokeOthers.mutate()}
              data-testid="sessions-revoke-others"
            >
              {t('ui:profile.signOutOthers')}
            </Button>
          </Group>
        </Stack>
      )}
    </AccountSection>
  );
}

const outcomeWords = {
  success: { label: 'ui:profile.outcome.success', color: 'green' },
  failed: { label: 'ui:profile.outcome.failed', color: 'red' },
  code_failed: { label: 'ui:profile.outcome.codeFailed', color: 'orange' },
  locked: { label: 'ui:profile.outcome.locked', color: 'red' },
} as const satisfies Record<SignInItem['outcome'], { label: string; color: string }>;

function SignInHistorySection() {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useSignIns();
  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <AccountSection
      id="profile-sign-ins"
      title={t('ui:profile.history')}
      description={t('ui:profile.historyHint')}
    >
      {history.isPending ? (
        <PageLoader label={t('ui:profile.loadingHistory')} />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('ui:profile.noHistory')}
        </Text>
      ) : (
        <Stack gap="sm">
          {/* Scrolls sideways on a phone: focusable and named, so it can be scrolled from the keyboard. */}
          <Table.ScrollContainer
            minWidth={520}
            type="native"
            tabIndex={0}
            role="region"
            aria-label={t('ui:profile.historyScroll')}
          >
            <Table striped verticalSpacing="xs" data-testid="sign-in-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('ui:profile.when')}</Table.Th>
                  <Table.Th>{t('ui:profile.what')}</Table.Th>
                  <Table.Th>{t('ui:profile.ip')}</Table.Th>
                  <Table.Th>{t('ui:profile.browser')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      <time dateTime={row.at}>{format.dateTime(row.at)}</time>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={outcomeWords[row.outcome].color}>
                        {t(outcomeWords[row.outcome].label)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{row.ip ?? '—'}</Table.Td>
                    <Table.Td dir="auto">{row.browser}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {history.hasNextPage ? (
            <Group>
              <Button
                variant="default"
                size="xs"
                loading={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                {t('ui:profile.showOlder')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </AccountSection>
  );
}
