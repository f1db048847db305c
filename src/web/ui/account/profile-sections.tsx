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
import { formatDateTime } from '../format-date.ts';
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
  const profile = useProfile();
  if (profile.isPending) return <PageLoader label="Loading your profile" />;
  if (profile.isError) {
    return (
      <ErrorState
        title="Could not load your profile"
        error={profile.error}
        onRetry={() => void profile.refetch()}
      />
    );
  }
  const data = profile.data;
  if (data.preview) {
    return (
      <Stack gap="lg">
        <Alert color="gray" title="Preview" data-testid="profile-preview">
          This is how the contact’s profile page looks. Their password, sign-in security, sessions and history
          are theirs alone and are not shown in a preview.
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
        title="Password"
        description="Changing your password signs you out everywhere else."
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
      setMissing('Enter your name');
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
      title="Your details"
      description={contact ? 'Your provider sees these on your contact record too.' : undefined}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Your details">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: contact ? 3 : 1 }} maw={contact ? undefined : 420}>
            <LimitedTextInput
              label="Name"
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
                  label="Phone"
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
                  label="Mobile"
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
            <SubmitError title="Not saved" error={update.error} />
          ) : null}
          {saved ? (
            <Text size="sm" c="green" role="status" data-testid="profile-saved">
              Saved.
            </Text>
          ) : null}
          {readOnly ? null : (
            <Group>
              <Button type="submit" loading={update.isPending} data-testid="profile-save">
                Save details
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </AccountSection>
  );
}

function EmailSection({ profile }: { profile: Profile }) {
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
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(newEmail.trim())) found.newEmail = 'Enter a valid email address';
    if (!password) found.currentPassword = 'Enter your current password';
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
    <AccountSection
      id="profile-email"
      title="Email address"
      description="You sign in with this address, and email from us goes to it."
    >
      <Text>
        Current address: <strong data-testid="profile-email-current">{profile.email}</strong>
      </Text>
      {(sentTo ?? profile.pendingEmail) ? (
        <Alert
          color="blue"
          title="Waiting for confirmation"
          role="status"
          data-testid="profile-email-pending"
        >
          We sent a link to {sentTo ?? profile.pendingEmail}. Open it within 24 hours to start using that
          address; until then, {profile.email} stays in use.
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} noValidate aria-label="Change email address">
        <Stack gap="sm" maw={420}>
          <TextInput
            label="New email address"
            type="email"
            autoComplete="email"
            value={newEmail}
            onChange={(e) => setNewEmail(e.currentTarget.value)}
            error={errorFor('newEmail')}
            data-testid="profile-email-new"
          />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errorFor('currentPassword')}
            data-testid="profile-email-password"
          />
          {request.isError && Object.keys(fields).length === 0 ? (
            <SubmitError title="No link was sent" error={request.error} />
          ) : null}
          <Group>
            <Button type="submit" loading={request.isPending} data-testid="profile-email-submit">
              Send confirmation link
            </Button>
          </Group>
        </Stack>
      </form>
    </AccountSection>
  );
}

function MfaSection() {
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
  else if (status.isPending) body = <PageLoader label="Loading" />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (!status.data.enabled) {
    body = (
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color="gray" variant="light" data-testid="mfa-state">
            Off
          </Badge>
          {status.data.required ? (
            <Text size="sm" c="red">
              Required for your account.
            </Text>
          ) : null}
        </Group>
        <Text size="sm">
          With two-factor authentication, signing in asks for a code from an app on your phone as well as your
          password, so a stolen password alone is not enough.
        </Text>
        <Group>
          <Button onClick={() => setMode('setup')} data-testid="mfa-setup">
            Set up two-factor authentication
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
            On
          </Badge>
          <Text size="sm">
            {status.data.enabledAt ? `since ${formatDateTime(status.data.enabledAt, branding)}` : null} ·{' '}
            {status.data.backupCodesRemaining} of 10 backup codes left
          </Text>
        </Group>
        {codes ? <BackupCodesList codes={codes} organisation={branding.organisationName} /> : null}
        {mode ? (
          <form
            onSubmit={onSubmit}
            noValidate
            aria-label={mode === 'codes' ? 'New backup codes' : 'Switch off'}
          >
            <Stack gap="sm" maw={420}>
              <Text size="sm">
                {mode === 'codes'
                  ? 'New codes replace all your current backup codes. Confirm with your password.'
                  : status.data.required
                    ? 'Your organisation requires two-factor authentication: after switching it off you will be asked to set it up again straight away.'
                    : 'Signing in will ask only for your password. Confirm with your password and a code.'}
              </Text>
              <PasswordInput
                label="Current password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fields.currentPassword}
                data-testid="mfa-password"
              />
              {mode === 'disable' ? (
                <TextInput
                  label="Code from your app, or a backup code"
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
                  {mode === 'codes' ? 'Make new backup codes' : 'Switch off'}
                </Button>
                <Button variant="default" onClick={reset}>
                  Cancel
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
              New backup codes
            </Button>
            <Button
              variant="default"
              color="red"
              onClick={() => setMode('disable')}
              data-testid="mfa-disable"
            >
              Switch off
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <AccountSection
      id="profile-mfa"
      title="Two-factor authentication"
      description="A code from an authenticator app, asked for at every sign-in."
    >
      {body}
    </AccountSection>
  );
}

function SessionsSection() {
  const branding = useBrandingContext();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current).length;
  return (
    <AccountSection
      id="profile-sessions"
      title="Where you are signed in"
      description="Sign out a device you no longer use or do not recognise."
    >
      {sessions.isPending ? (
        <PageLoader label="Loading sessions" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Stack gap="sm">
          {items.map((session) => (
            <Paper key={session.id} withBorder p="sm" data-testid="session-row">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={2} miw={0}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {session.browser}
                    </Text>
                    {session.current ? (
                      <Badge size="sm" variant="light" data-testid="session-current">
                        This device
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    IP {session.ip} · signed in {formatDateTime(session.createdAt, branding)} · last active{' '}
                    {formatDateTime(session.lastSeenAt, branding)}
                  </Text>
                </Stack>
                {session.current ? null : (
                  <Button
                    size="xs"
                    variant="default"
                    loading={revoke.isPending && revoke.variables === session.id}
                    onClick={() => revoke.mutate(session.id)}
                    aria-label={`Sign out ${session.browser}, IP ${session.ip}`}
                  >
                    Sign out
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
              Signed out {revokeOthers.data.ended} other{' '}
              {revokeOthers.data.ended === 1 ? 'session' : 'sessions'}.
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
              Sign out all other sessions
            </Button>
          </Group>
        </Stack>
      )}
    </AccountSection>
  );
}

const outcomeWords: Record<SignInItem['outcome'], { label: string; color: string }> = {
  success: { label: 'Signed in', color: 'green' },
  failed: { label: 'Wrong password', color: 'red' },
  code_failed: { label: 'Wrong code', color: 'orange' },
  locked: { label: 'Attempts held back', color: 'red' },
};

function SignInHistorySection() {
  const branding = useBrandingContext();
  const history = useSignIns();
  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <AccountSection
      id="profile-sign-ins"
      title="Sign-in history"
      description="Recent sign-ins to your account, and attempts that failed. Tell your provider about any you do not recognise."
    >
      {history.isPending ? (
        <PageLoader label="Loading sign-in history" />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No sign-ins recorded yet.
        </Text>
      ) : (
        <Stack gap="sm">
          {/* Scrolls sideways on a phone: focusable and named, so it can be scrolled from the keyboard. */}
          <Table.ScrollContainer
            minWidth={520}
            type="native"
            tabIndex={0}
            role="region"
            aria-label="Sign-in history, scrolls sideways"
          >
            <Table striped verticalSpacing="xs" data-testid="sign-in-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>IP address</Table.Th>
                  <Table.Th>Browser</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>{formatDateTime(row.at, branding)}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={outcomeWords[row.outcome].color}>
                        {outcomeWords[row.outcome].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{row.ip ?? '—'}</Table.Td>
                    <Table.Td>{row.browser}</Table.Td>
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
                Show older
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </AccountSection>
  );
}
