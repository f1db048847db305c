import {
  Alert,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { featureLabels, portalFeatures } from '../../../shared/features.ts';
import { staffRoleLabels } from '../../../shared/permissions.ts';
import {
  dateFormats,
  hexColor,
  languages,
  MAX_TRUSTED_SERVERS,
  organisationSettings,
  type SettingsResponse,
  unauthenticatedEmailLabels,
  unauthenticatedEmailRules,
} from '../../../shared/schemas/settings.ts';
import { useMe, useRefreshMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { formatDate } from '../../ui/format-date.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { withCurrent } from '../../ui/select-options.ts';
import { ErrorState, PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useSettings, useUpdateSettings } from './api/settings.ts';
import { ColourField } from './colour-field.tsx';
import { LogoField } from './logo-field.tsx';
import {
  changedSettings,
  currencyOptions,
  inboundProblems,
  isEmptyPatch,
  type SettingsValues,
  securityLimits,
  securityProblems,
  settingsValuesFrom,
  supportLimits,
  supportProblems,
} from './settings-form.ts';

const fieldLabels: Record<string, string> = {
  name: 'Organisation name',
  portalName: 'Portal name',
  loginTitle: 'Sign-in page title',
  emailSubjectPrefix: 'Email subject prefix',
  primaryColor: 'Primary colour',
  accentColor: 'Accent colour',
  timeZone: 'Time zone',
  dateFormat: 'Date format',
  currency: 'Currency',
  language: 'Language',
  passwordMinLength: 'Minimum password length',
  lockoutThreshold: 'Failed attempts before waits',
  lockoutMinutes: 'Longest wait',
  requireStaffMfa: 'Require two-factor authentication for staff',
  ticketAutoCloseDays: 'Close resolved tickets after',
  ticketReopenDays: 'Contacts may reopen closed tickets for',
  attachmentMaxMb: 'Largest attachment',
  portalShowTimeLogged: 'Show the time logged on tickets in the portal',
  supportEmail: 'Support email address',
  inboundUnauthenticated: 'When the sender of an email is not authenticated',
  inboundTrustedServers: 'Trusted receiving servers (IMAP)',
};

const unauthenticatedEmailHelp: Record<(typeof unauthenticatedEmailRules)[number], string> = {
  hold: 'Recommended. It waits on the Inbound email page until someone opens a ticket from it, adds it to one, or discards it.',
  'accept-with-warning':
    'It becomes a reply or a ticket as usual, and staff see a warning on it. Anyone can then write in a contact’s name.',
};

const swatches = ['#1c7ed6', '#0b7a75', '#2f9e44', '#7048e8', '#c2255c', '#e8590c', '#f08c00', '#343a40'];

function featureName(key: string): string {
  const feature = portalFeatures.find((f) => f === key);
  return feature ? featureLabels[feature] : key;
}

function lastChanged(settings: SettingsResponse): string {
  const instant = new Date(settings.updatedAt);
  if (Number.isNaN(instant.getTime())) return '';
  try {
    return `Last changed ${formatDate(instant, settings.dateFormat, settings.timeZone)}.`;
  } catch {
    return '';
  }
}

export function SettingsPage() {
  const settings = useSettings();
  const { data: me } = useMe();
  const canEdit = me?.kind === 'staff' && me.permissions.includes('settings:edit');

  return (
    <>
      <PageHeader title="Settings">
        Your organisation, its branding, regional formats and what clients see in the portal.
      </PageHeader>
      {me?.kind === 'staff' && !canEdit ? (
        <Alert color="gray" title="View only" mb="lg" data-testid="settings-read-only">
          Your role ({staffRoleLabels[me.role]}) can see these settings but not change them. Ask an owner or
          an administrator if something needs to change.
        </Alert>
      ) : null}
      {settings.isPending ? (
        <PageLoader label="Loading settings" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load the settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <SettingsForm settings={settings.data} canEdit={canEdit} />
      )}
    </>
  );
}

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {description ? (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      ) : null}
      <Stack gap="md" mt={description ? 0 : 'md'}>
        {children}
      </Stack>
    </Card>
  );
}

const wholeNumberLimits = { ...securityLimits, ...supportLimits };
type WholeNumberKey = keyof typeof wholeNumberLimits;

function SettingsForm({ settings, canEdit }: { settings: SettingsResponse; canEdit: boolean }) {
  const [baseline, setBaseline] = useState<SettingsValues>(() => settingsValuesFrom(settings));
  const [values, setValues] = useState<SettingsValues>(baseline);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = useUpdateSettings();
  const refreshMe = useRefreshMe();
  const { data: me } = useMe();
  const selfWithoutMfa = me?.kind === 'staff' && !me.mfaEnabled;

  const patch = useMemo(() => changedSettings(baseline, values), [baseline, values]);
  const dirty = !isEmptyPatch(patch);
  const serverErrors = update.error instanceof ApiError ? update.error.fields : {};
  const errors: Record<string, string> = { ...serverErrors, ...localErrors };
  const errorOf = (key: string) => errors[key];

  const timeZones = useMemo(
    () => withCurrent(Intl.supportedValuesOf('timeZone'), values.timeZone),
    [values.timeZone],
  );
  const currencies = useMemo(
    () => currencyOptions(withCurrent(Intl.supportedValuesOf('currency'), values.currency)),
    [values.currency],
  );
  const dateFormatOptions = useMemo(() => {
    const example = new Date(Date.UTC(new Date().getUTCFullYear(), 2, 7, 12));
    return dateFormats.map((f) => ({ value: f, label: `${f} (${formatDate(example, f)})` }));
  }, []);
  const languageOptions = useMemo(() => languages.map((l) => ({ value: l.value, label: l.label })), []);

  const set = <K extends keyof SettingsValues>(key: K, value: SettingsValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setLocalErrors(({ [key]: _removed, ...rest }) => rest);
    setSaved(false);
  };

  /** A whole-number setting with its limits; an empty box is NaN until corrected (the form says so). */
  const wholeNumber = (key: WholeNumberKey, description: string, testId: string, suffix?: string) => (
    <NumberInput
      label={fieldLabels[key]}
      description={description}
      min={wholeNumberLimits[key].min}
      max={wholeNumberLimits[key].max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      {...(suffix ? { suffix } : {})}
      value={Number.isNaN(values[key]) ? '' : values[key]}
      onChange={(v) => set(key, typeof v === 'number' ? v : Number.NaN)}
      error={errorOf(key)}
      disabled={!canEdit}
      data-testid={testId}
    />
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canEdit || !dirty) return;
    const found: Record<string, string> = {};
    for (const key of ['primaryColor', 'accentColor'] as const) {
      const check = hexColor.safeParse(values[key]);
      if (!check.success) found[key] = check.error.issues[0]?.message ?? 'Use a colour in the form #1c7ed6';
    }
    Object.assign(found, securityProblems(values));
    Object.assign(found, supportProblems(values));
    Object.assign(found, inboundProblems(values));
    if (!values.name.trim()) found.name = 'Enter the organisation name';
    if (!values.portalName.trim()) found.portalName = 'Enter the portal name';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(patch, {
      onSuccess: (response) => {
        const next = settingsValuesFrom(response);
        setBaseline(next);
        setValues(next);
        setSaved(true);
        // Requiring MFA may hold the signed-in person too: /me says so, and the gate shows the set-up.
        if (patch.requireStaffMfa !== undefined) void refreshMe();
      },
    });
  };

  const discard = () => {
    setValues(baseline);
    setLocalErrors({});
    setSaved(false);
    update.reset();
  };

  const problems = Object.entries(errors).map(([key, message]) => ({
    key,
    label: key.startsWith('features.')
      ? `Portal feature “${featureName(key.slice('features.'.length))}”`
      : (fieldLabels[key] ?? key),
    message,
  }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Organisation settings">
      <Stack gap="lg">
        <Section
          id="settings-organisation"
          title="Organisation"
          description="How your organisation is named to clients and in email."
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <LimitedTextInput
              label={fieldLabels.name}
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errorOf('name')}
              disabled={!canEdit}
              required
              maxLength={maxLengthOf(organisationSettings.shape.name)}
              data-testid="settings-name"
            />
            <LimitedTextInput
              label={fieldLabels.portalName}
              description="The name of the client portal, shown in its header and browser tab"
              value={values.portalName}
              onChange={(e) => set('portalName', e.currentTarget.value)}
              error={errorOf('portalName')}
              disabled={!canEdit}
              required
              maxLength={maxLengthOf(organisationSettings.shape.portalName)}
              data-testid="settings-portal-name"
            />
            <LimitedTextInput
              label={fieldLabels.loginTitle}
              description="The heading above the sign-in form; leave empty for the default"
              value={values.loginTitle}
              onChange={(e) => set('loginTitle', e.currentTarget.value)}
              error={errorOf('loginTitle')}
              disabled={!canEdit}
              maxLength={maxLengthOf(organisationSettings.shape.loginTitle)}
              data-testid="settings-login-title"
            />
            <LimitedTextInput
              label={fieldLabels.emailSubjectPrefix}
              description="Put before the subject of every email Portico sends, e.g. [Northwind]"
              value={values.emailSubjectPrefix}
              onChange={(e) => set('emailSubjectPrefix', e.currentTarget.value)}
              error={errorOf('emailSubjectPrefix')}
              disabled={!canEdit}
              maxLength={maxLengthOf(organisationSettings.shape.emailSubjectPrefix)}
              data-testid="settings-email-prefix"
            />
          </SimpleGrid>
        </Section>

        <Section
          id="settings-branding"
          title="Branding"
          description="Colours and logo for the staff app, the portal and email. Any colour works: text on it is black or white, whichever is readable, and links and coloured text use a darker shade (a lighter one in the dark scheme) where the colour itself would be hard to read."
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ColourField
              label={fieldLabels.primaryColor}
              description="Buttons, links and the strip along the top of every page"
              swatches={swatches}
              value={values.primaryColor}
              onChange={(value) => set('primaryColor', value)}
              error={errorOf('primaryColor')}
              disabled={!canEdit}
              testId="settings-primary-color"
            />
            <ColourField
              label={fieldLabels.accentColor}
              description="Badges and highlights"
              swatches={swatches}
              value={values.accentColor}
              onChange={(value) => set('accentColor', value)}
              error={errorOf('accentColor')}
              disabled={!canEdit}
              testId="settings-accent-color"
            />
          </SimpleGrid>
          <LogoField logoUrl={settings.logoUrl} organisationName={values.name} canEdit={canEdit} />
        </Section>

        <Section
          id="settings-regional"
          title="Regional formats"
          description="How dates, times and money are shown."
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Select
              label={fieldLabels.timeZone}
              description="Business hours and dates follow this time zone"
              data={timeZones}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No time zone matches"
              value={values.timeZone}
              onChange={(value) => value && set('timeZone', value)}
              error={errorOf('timeZone')}
              disabled={!canEdit}
              data-testid="settings-time-zone"
            />
            <Select
              label={fieldLabels.dateFormat}
              data={dateFormatOptions}
              allowDeselect={false}
              value={values.dateFormat}
              onChange={(value) => {
                const format = dateFormats.find((f) => f === value);
                if (format) set('dateFormat', format);
              }}
              error={errorOf('dateFormat')}
              disabled={!canEdit}
              data-testid="settings-date-format"
            />
            <Select
              label={fieldLabels.currency}
              description="Used for new invoices and quotes"
              data={currencies}
              searchable
              allowDeselect={false}
              nothingFoundMessage="No currency matches"
              value={values.currency}
              onChange={(value) => value && set('currency', value)}
              error={errorOf('currency')}
              disabled={!canEdit}
              data-testid="settings-currency"
            />
            <Select
              label={fieldLabels.language}
              data={languageOptions}
              allowDeselect={false}
              value={values.language}
              onChange={(value) => value && set('language', value)}
              error={errorOf('language')}
              disabled={!canEdit}
              data-testid="settings-language"
            />
          </SimpleGrid>
        </Section>

        <Section
          id="settings-features"
          title="Portal features"
          description="What clients see in the portal. A feature switched off disappears for every contact; its records stay."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {portalFeatures.map((feature) => (
              <Switch
                key={feature}
                label={featureLabels[feature]}
                onLabel="ON"
                offLabel="OFF"
                size="md"
                checked={values.features[feature]}
                onChange={(e) => set('features', { ...values.features, [feature]: e.currentTarget.checked })}
                error={errorOf(`features.${feature}`)}
                disabled={!canEdit}
                data-testid={`settings-feature-${feature}`}
              />
            ))}
          </SimpleGrid>
        </Section>

        <Section
          id="settings-security"
          title="Security"
          description="Sign-in rules for staff and client contacts. Two-factor authentication for a client’s contacts is switched on per client."
        >
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {wholeNumber(
              'passwordMinLength',
              'Characters; from 8 to 128. Long passwords are allowed up to 1024, and common ones are always refused.',
              'settings-password-min-length',
            )}
            {wholeNumber(
              'lockoutThreshold',
              'Wrong passwords or codes in a row on one account from one address before that address waits.',
              'settings-lockout-threshold',
            )}
            {wholeNumber(
              'lockoutMinutes',
              'Minutes. Waits double from 1 second up to this; other addresses sign in as usual.',
              'settings-lockout-minutes',
              ' min',
            )}
          </SimpleGrid>
          <Switch
            label={fieldLabels.requireStaffMfa}
            description={`Every staff user must use an authenticator app. Those who have not set one up are asked to, before anything else.${selfWithoutMfa ? ' That includes you: you have not set it up yet.' : ''}`}
            onLabel="ON"
            offLabel="OFF"
            size="md"
            checked={values.requireStaffMfa}
            onChange={(e) => set('requireStaffMfa', e.currentTarget.checked)}
            error={errorOf('requireStaffMfa')}
            disabled={!canEdit}
            data-testid="settings-require-staff-mfa"
          />
        </Section>

        <Section
          id="settings-support"
          title="Support"
          description="How tickets behave over time, what contacts may attach and see, and where clients write for help. SLA policies, categories and teams are on the Support setup page."
        >
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {wholeNumber(
              'ticketAutoCloseDays',
              'Days after a ticket is resolved; 0 keeps resolved tickets open until someone closes them.',
              'settings-ticket-auto-close-days',
              ' days',
            )}
            {wholeNumber(
              'ticketReopenDays',
              'Days after a ticket closes; 0 means contacts cannot reopen closed tickets.',
              'settings-ticket-reopen-days',
              ' days',
            )}
            {wholeNumber(
              'attachmentMaxMb',
              'Per file, for contacts and staff alike; from 1 to 100 MB.',
              'settings-attachment-max-mb',
              ' MB',
            )}
          </SimpleGrid>
          <TextInput
            label={fieldLabels.supportEmail}
            description="Clients may write here for help; it is shown in the portal and used for email into tickets. Leave empty if you have none."
            type="email"
            value={values.supportEmail}
            onChange={(e) => set('supportEmail', e.currentTarget.value.trim())}
            error={errorOf('supportEmail')}
            disabled={!canEdit}
            maxLength={254}
            placeholder="support@example.com"
            maw={480}
            data-testid="settings-support-email"
          />
          <Switch
            label={fieldLabels.portalShowTimeLogged}
            description="Contacts see the total time your team logged on each of their tickets."
            onLabel="ON"
            offLabel="OFF"
            size="md"
            checked={values.portalShowTimeLogged}
            onChange={(e) => set('portalShowTimeLogged', e.currentTarget.checked)}
            error={errorOf('portalShowTimeLogged')}
            disabled={!canEdit}
            data-testid="settings-portal-show-time-logged"
          />
        </Section>

        <Section
          id="settings-inbound"
          title="Email into tickets"
          description="Email to the support address becomes replies and tickets in a contact’s name, so Portico checks that the sender is who the From address says (SPF, DKIM and DMARC). The admin guide explains the checks."
        >
          <Radio.Group
            label={fieldLabels.inboundUnauthenticated}
            description="An email whose sender cannot be authenticated is never applied as that contact without this choice."
            value={values.inboundUnauthenticated}
            onChange={(value) => {
              const rule = unauthenticatedEmailRules.find((r) => r === value);
              if (rule) set('inboundUnauthenticated', rule);
            }}
            error={errorOf('inboundUnauthenticated')}
            data-testid="settings-inbound-unauthenticated"
          >
            <Stack gap="xs" mt="xs">
              {unauthenticatedEmailRules.map((rule) => (
                <Radio
                  key={rule}
                  value={rule}
                  label={unauthenticatedEmailLabels[rule]}
                  description={unauthenticatedEmailHelp[rule]}
                  disabled={!canEdit}
                  data-testid={`settings-inbound-${rule}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TagsInput
            label={fieldLabels.inboundTrustedServers}
            description={`For email collected over IMAP: the name your mail server writes first in the Authentication-Results header (its authserv-id), such as mx.example.com. Its results are then trusted. Leave empty to have Portico check DKIM and DMARC itself. At most ${MAX_TRUSTED_SERVERS}; press Enter after each.`}
            value={values.inboundTrustedServers}
            onChange={(list) =>
              set(
                'inboundTrustedServers',
                list.map((name) => name.trim()),
              )
            }
            maxTags={MAX_TRUSTED_SERVERS}
            clearable
            error={errorOf('inboundTrustedServers')}
            disabled={!canEdit}
            placeholder={values.inboundTrustedServers.length ? undefined : 'mx.example.com'}
            maw={640}
            data-testid="settings-inbound-trusted-servers"
          />
        </Section>

        {problems.length > 0 ? (
          <Alert color="red" title="Some fields need attention" role="alert" data-testid="settings-error">
            <List size="sm">
              {problems.map((problem) => (
                <List.Item key={problem.key}>
                  {problem.label}: {problem.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : update.isError ? (
          <SubmitError title="Settings were not saved" error={update.error} data-testid="settings-error" />
        ) : null}
        {saved ? (
          <Alert color="green" title="Settings saved" role="status" data-testid="settings-saved">
            Your changes are live for staff and clients.
          </Alert>
        ) : null}

        {canEdit ? (
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {dirty ? 'You have unsaved changes.' : lastChanged(settings)}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={discard} disabled={!dirty || update.isPending}>
                Discard changes
              </Button>
              <Button type="submit" loading={update.isPending} disabled={!dirty} data-testid="settings-save">
                Save settings
              </Button>
            </Group>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
