import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  MultiSelect,
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
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { builtPortalFeatures, type PortalFeature, portalFeatures } from '../../../shared/features.ts';
import { formatDate } from '../../../shared/format/format.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import type { StaffRole } from '../../../shared/permissions.ts';
import {
  dateFormats,
  hexColor,
  MAX_TRUSTED_SERVERS,
  organisationSettings,
  type SettingsResponse,
  unauthenticatedEmailRules,
} from '../../../shared/schemas/settings.ts';
import { useMe, useRefreshMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { useViewerLocale } from '../../ui/i18n/locale-context.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { renderDataOption, renderLanguageOption } from '../../ui/language-option.tsx';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { allCurrencyOptions, allTimeZones, languageOptions } from '../../ui/locale-options.ts';
import { RateInput } from '../../ui/rate-input.tsx';
import { ErrorState, PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useAlertStaff, useSettings, useUpdateSettings } from './api/settings.ts';
import { ColourField } from './colour-field.tsx';
import { LogoField } from './logo-field.tsx';
import {
  alertLimits,
  alertProblems,
  changedSettings,
  inboundProblems,
  isEmptyPatch,
  parseAlertEntries,
  type SettingsValues,
  securityLimits,
  securityProblems,
  settingsValuesFrom,
  sortAlertList,
  supportLimits,
  supportProblems,
} from './settings-form.ts';

type Key = `staffAdmin:${string}`;

const fieldLabels: Record<string, Key> = {
  name: 'staffAdmin:settings.field.name',
  portalName: 'staffAdmin:settings.field.portalName',
  loginTitle: 'staffAdmin:settings.field.loginTitle',
  emailSubjectPrefix: 'staffAdmin:settings.field.emailSubjectPrefix',
  primaryColor: 'staffAdmin:settings.field.primaryColor',
  accentColor: 'staffAdmin:settings.field.accentColor',
  timeZone: 'staffAdmin:settings.field.timeZone',
  dateFormat: 'staffAdmin:settings.field.dateFormat',
  currency: 'staffAdmin:settings.field.currency',
  language: 'staffAdmin:settings.field.language',
  passwordMinLength: 'staffAdmin:settings.field.passwordMinLength',
  lockoutThreshold: 'staffAdmin:settings.field.lockoutThreshold',
  lockoutMinutes: 'staffAdmin:settings.field.lockoutMinutes',
  requireStaffMfa: 'staffAdmin:settings.field.requireStaffMfa',
  ticketAutoCloseDays: 'staffAdmin:settings.field.ticketAutoCloseDays',
  ticketReopenDays: 'staffAdmin:settings.field.ticketReopenDays',
  attachmentMaxMb: 'staffAdmin:settings.field.attachmentMaxMb',
  portalShowTimeLogged: 'staffAdmin:settings.field.portalShowTimeLogged',
  defaultHourlyRateMinor: 'staffAdmin:settings.field.defaultHourlyRateMinor',
  supportEmail: 'staffAdmin:settings.field.supportEmail',
  inboundUnauthenticated: 'staffAdmin:settings.field.inboundUnauthenticated',
  inboundTrustedServers: 'staffAdmin:settings.field.inboundTrustedServers',
  contractEndingAlertDays: 'staffAdmin:settings.field.contractEndingAlertDays',
  bankAlertThresholds: 'staffAdmin:settings.field.bankAlertThresholds',
};

const featureKeys: Record<PortalFeature, Key> = {
  tickets: 'staffAdmin:settings.feature.tickets',
  invoices: 'staffAdmin:settings.feature.invoices',
  payments: 'staffAdmin:settings.feature.payments',
  quotes: 'staffAdmin:settings.feature.quotes',
  contracts: 'staffAdmin:settings.feature.contracts',
  assets: 'staffAdmin:settings.feature.assets',
  documents: 'staffAdmin:settings.feature.documents',
  domains: 'staffAdmin:settings.feature.domains',
  kb: 'staffAdmin:settings.feature.kb',
  reports: 'staffAdmin:settings.feature.reports',
};

const unauthenticatedEmailLabels: Record<(typeof unauthenticatedEmailRules)[number], Key> = {
  hold: 'staffAdmin:settings.inbound.hold',
  'accept-with-warning': 'staffAdmin:settings.inbound.acceptWithWarning',
};

const unauthenticatedEmailHelp: Record<(typeof unauthenticatedEmailRules)[number], Key> = {
  hold: 'staffAdmin:settings.inbound.holdHelp',
  'accept-with-warning': 'staffAdmin:settings.inbound.acceptWithWarningHelp',
};

const staffRoleKeys: Record<StaffRole, Key> = {
  owner: 'staffAdmin:role.owner',
  admin: 'staffAdmin:role.admin',
  technician: 'staffAdmin:role.technician',
  billing: 'staffAdmin:role.billing',
  'read-only': 'staffAdmin:role.readOnly',
};

const swatches = ['#1c7ed6', '#0b7a75', '#2f9e44', '#7048e8', '#c2255c', '#e8590c', '#f08c00', '#343a40'];

function featureKey(key: string): Key | null {
  const feature = portalFeatures.find((f) => f === key);
  return feature ? featureKeys[feature] : null;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  const { data: me } = useMe();
  const canEdit = me?.kind === 'staff' && me.permissions.includes('settings:edit');

  return (
    <>
      <PageHeader title={t('staffAdmin:settings.title')}>{t('staffAdmin:settings.intro')}</PageHeader>
      {me?.kind === 'staff' && !canEdit ? (
        <Alert color="gray" title={t('staffAdmin:viewOnly')} mb="lg" data-testid="settings-read-only">
          {t('staffAdmin:settings.readOnly', { role: t(staffRoleKeys[me.role]) })}
        </Alert>
      ) : null}
      {settings.isPending ? (
        <PageLoader label={t('staffAdmin:settings.loading')} />
      ) : settings.isError ? (
        <ErrorState
          title={t('staffAdmin:settings.loadError')}
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
  const { t } = useTranslation();
  const format = useFormat();
  const viewer = useViewerLocale();
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
  // A list's server message may name one of its entries (bankAlertThresholds.1): it is the list's.
  const errorOf = (key: string) =>
    errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

  const timeZones = useMemo(() => allTimeZones(values.timeZone), [values.timeZone]);
  const currencies = useMemo(
    () => allCurrencyOptions(values.currency, viewer.language),
    [values.currency, viewer.language],
  );
  const dateFormatOptions = useMemo(() => {
    const example = new Date(Date.UTC(new Date().getUTCFullYear(), 2, 7, 12));
    return dateFormats.map((f) => ({
      value: f,
      label: `${f} (${formatDate(example, { language: viewer.language, timeZone: 'UTC', dateFormat: f })})`,
    }));
  }, [viewer.language]);
  const lastChanged = format.dateTime(settings.updatedAt);

  const set = <K extends keyof SettingsValues>(key: K, value: SettingsValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setLocalErrors(({ [key]: _removed, ...rest }) => rest);
    setSaved(false);
  };

  /** A whole-number setting with its limits; an empty box is NaN until corrected (the form says so). */
  const wholeNumber = (key: WholeNumberKey, description: string, testId: string, suffix?: string) => (
    <NumberInput
      label={t(fieldLabels[key] as Key)}
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

  /** An alert list as tags: whole numbers, kept in the list's order; a typed word is named, not kept. */
  const alertList = (key: keyof typeof alertLimits, description: string, testId: string) => (
    <TagsInput
      label={t(fieldLabels[key] as Key)}
      description={description}
      dir="ltr"
      value={values[key].map(String)}
      onChange={(entries) => {
        const parsed = parseAlertEntries(entries);
        if ('bad' in parsed) {
          setLocalErrors((e) => ({
            ...e,
            [key]: t('staffAdmin:settings.alerts.notWhole', {
              value: parsed.bad,
              min: alertLimits[key].min,
              max: alertLimits[key].max,
            }),
          }));
          return;
        }
        set(key, sortAlertList(key, parsed.list));
      }}
      splitChars={[',', ' ', ';']}
      acceptValueOnBlur
      maxTags={alertLimits[key].most}
      clearable
      error={errorOf(key)}
      disabled={!canEdit}
      inputMode="numeric"
      maw={480}
      data-testid={testId}
    />
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canEdit || !dirty) return;
    const found: Record<string, string> = {};
    for (const key of ['primaryColor', 'accentColor'] as const) {
      const check = hexColor.safeParse(values[key]);
      if (!check.success) found[key] = t('staffAdmin:settings.problem.colour');
    }
    Object.assign(found, securityProblems(values, t));
    Object.assign(found, supportProblems(values, t));
    Object.assign(found, inboundProblems(values, t));
    Object.assign(found, alertProblems(values, t));
    if (!values.name.trim()) found.name = t('staffAdmin:settings.problem.name');
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

  const label = (key: string): string => {
    if (key.startsWith('features.')) {
      const name = key.slice('features.'.length);
      const feature = featureKey(name);
      return t('staffAdmin:settings.featureProblem', { feature: feature ? t(feature) : name });
    }
    const field = fieldLabels[key] ?? fieldLabels[key.replace(/\.\d+$/, '')];
    return field ? t(field) : key;
  };
  const problems = Object.entries(errors).map(([key, message]) => ({ key, label: label(key), message }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:settings.formLabel')}>
      <Stack gap="lg">
        <Section
          id="settings-organisation"
          title={t('staffAdmin:settings.organisation')}
          description={t('staffAdmin:settings.organisationHelp')}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <LimitedTextInput
              label={t('staffAdmin:settings.field.name')}
              dir="auto"
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errorOf('name')}
              disabled={!canEdit}
              required
              maxLength={maxLengthOf(organisationSettings.shape.name)}
              data-testid="settings-name"
            />
            <LimitedTextInput
              label={t('staffAdmin:settings.field.portalName')}
              description={t('staffAdmin:settings.portalNameHelp')}
              dir="auto"
              value={values.portalName}
              onChange={(e) => set('portalName', e.currentTarget.value)}
              error={errorOf('portalName')}
              disabled={!canEdit}
              placeholder={t('common:portalName.default', { name: values.name })}
              maxLength={maxLengthOf(organisationSettings.shape.portalName)}
              data-testid="settings-portal-name"
            />
            <LimitedTextInput
              label={t('staffAdmin:settings.field.loginTitle')}
              description={t('staffAdmin:settings.loginTitleHelp')}
              dir="auto"
              value={values.loginTitle}
              onChange={(e) => set('loginTitle', e.currentTarget.value)}
              error={errorOf('loginTitle')}
              disabled={!canEdit}
              maxLength={maxLengthOf(organisationSettings.shape.loginTitle)}
              data-testid="settings-login-title"
            />
            <LimitedTextInput
              label={t('staffAdmin:settings.field.emailSubjectPrefix')}
              description={t('staffAdmin:settings.emailSubjectPrefixHelp')}
              dir="auto"
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
          title={t('staffAdmin:settings.branding')}
          description={t('staffAdmin:settings.brandingHelp')}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <ColourField
              label={t('staffAdmin:settings.field.primaryColor')}
              description={t('staffAdmin:settings.primaryColorHelp')}
              swatches={swatches}
              value={values.primaryColor}
              onChange={(value) => set('primaryColor', value)}
              error={errorOf('primaryColor')}
              disabled={!canEdit}
              testId="settings-primary-color"
            />
            <ColourField
              label={t('staffAdmin:settings.field.accentColor')}
              description={t('staffAdmin:settings.accentColorHelp')}
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
          title={t('staffAdmin:settings.regional')}
          description={t('staffAdmin:settings.regionalHelp')}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Select
              label={t('staffAdmin:settings.field.timeZone')}
              description={t('staffAdmin:settings.timeZoneHelp')}
              data={timeZones}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('staffAdmin:locale.noTimeZone')}
              maxDropdownHeight={280}
              // A zone's IANA name is the same in every language: it reads left to right in any layout.
              renderOption={renderDataOption}
              value={values.timeZone}
              onChange={(value) => value && set('timeZone', value)}
              error={errorOf('timeZone')}
              disabled={!canEdit}
              data-testid="settings-time-zone"
            />
            <Select
              label={t('staffAdmin:settings.field.dateFormat')}
              description={t('staffAdmin:settings.dateFormatHelp')}
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
              label={t('staffAdmin:settings.field.currency')}
              description={t('staffAdmin:settings.currencyHelp')}
              data={currencies}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('staffAdmin:locale.noCurrency')}
              value={values.currency}
              onChange={(value) => value && set('currency', value)}
              error={errorOf('currency')}
              disabled={!canEdit}
              data-testid="settings-currency"
            />
            <Select
              label={t('staffAdmin:settings.field.language')}
              description={t('staffAdmin:settings.languageHelp')}
              data={languageOptions}
              renderOption={renderLanguageOption}
              allowDeselect={false}
              value={values.language}
              onChange={(value) => {
                if (isLanguage(value)) set('language', value);
              }}
              error={errorOf('language')}
              disabled={!canEdit}
              data-testid="settings-language"
            />
          </SimpleGrid>
        </Section>

        <Section
          id="settings-features"
          title={t('staffAdmin:settings.features')}
          description={t('staffAdmin:settings.featuresHelp')}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {builtPortalFeatures.map((feature) => (
              <Switch
                key={feature}
                label={t(featureKeys[feature])}
                onLabel={t('staffAdmin:settings.on')}
                offLabel={t('staffAdmin:settings.off')}
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
          title={t('staffAdmin:settings.security')}
          description={t('staffAdmin:settings.securityHelp')}
        >
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {wholeNumber(
              'passwordMinLength',
              t('staffAdmin:settings.passwordMinLengthHelp'),
              'settings-password-min-length',
            )}
            {wholeNumber(
              'lockoutThreshold',
              t('staffAdmin:settings.lockoutThresholdHelp'),
              'settings-lockout-threshold',
            )}
            {wholeNumber(
              'lockoutMinutes',
              t('staffAdmin:settings.lockoutMinutesHelp'),
              'settings-lockout-minutes',
              t('staffAdmin:settings.suffixMinutes'),
            )}
          </SimpleGrid>
          <Switch
            label={t('staffAdmin:settings.field.requireStaffMfa')}
            description={
              selfWithoutMfa
                ? `${t('staffAdmin:settings.requireStaffMfaHelp')} ${t('staffAdmin:settings.requireStaffMfaYou')}`
                : t('staffAdmin:settings.requireStaffMfaHelp')
            }
            onLabel={t('staffAdmin:settings.on')}
            offLabel={t('staffAdmin:settings.off')}
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
          title={t('staffAdmin:settings.support')}
          description={t('staffAdmin:settings.supportHelp')}
        >
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {wholeNumber(
              'ticketAutoCloseDays',
              t('staffAdmin:settings.ticketAutoCloseDaysHelp'),
              'settings-ticket-auto-close-days',
              t('staffAdmin:settings.suffixDays'),
            )}
            {wholeNumber(
              'ticketReopenDays',
              t('staffAdmin:settings.ticketReopenDaysHelp'),
              'settings-ticket-reopen-days',
              t('staffAdmin:settings.suffixDays'),
            )}
            {wholeNumber(
              'attachmentMaxMb',
              t('staffAdmin:settings.attachmentMaxMbHelp'),
              'settings-attachment-max-mb',
              t('staffAdmin:settings.suffixMegabytes'),
            )}
          </SimpleGrid>
          <TextInput
            label={t('staffAdmin:settings.field.supportEmail')}
            description={t('staffAdmin:settings.supportEmailHelp')}
            dir="ltr"
            type="email"
            value={values.supportEmail}
            onChange={(e) => set('supportEmail', e.currentTarget.value.trim())}
            error={errorOf('supportEmail')}
            disabled={!canEdit}
            maxLength={254}
            // i18n-allow: an address, the same in every language
            placeholder="support@example.com"
            maw={480}
            data-testid="settings-support-email"
          />
          <Switch
            label={t('staffAdmin:settings.field.portalShowTimeLogged')}
            description={t('staffAdmin:settings.portalShowTimeLoggedHelp')}
            onLabel={t('staffAdmin:settings.on')}
            offLabel={t('staffAdmin:settings.off')}
            size="md"
            checked={values.portalShowTimeLogged}
            onChange={(e) => set('portalShowTimeLogged', e.currentTarget.checked)}
            error={errorOf('portalShowTimeLogged')}
            disabled={!canEdit}
            data-testid="settings-portal-show-time-logged"
          />
          <RateInput
            label={t('staffAdmin:settings.field.defaultHourlyRateMinor')}
            description={t('staffAdmin:settings.defaultHourlyRateHelp')}
            currency={values.currency}
            value={values.defaultHourlyRateMinor}
            onChange={(v) => set('defaultHourlyRateMinor', v)}
            error={errorOf('defaultHourlyRateMinor')}
            disabled={!canEdit}
            testId="settings-default-rate"
          />
          <Anchor
            component={Link}
            to="/staff/settings/work-types"
            size="sm"
            data-testid="settings-work-types"
          >
            {t('staffAdmin:settings.workTypesLink')}
          </Anchor>
        </Section>

        <Section
          id="settings-alerts"
          title={t('staffAdmin:settings.alerts.title')}
          description={t('staffAdmin:settings.alerts.help')}
        >
          {alertList(
            'contractEndingAlertDays',
            t('staffAdmin:settings.alerts.daysHelp', { most: alertLimits.contractEndingAlertDays.most }),
            'settings-contract-ending-days',
          )}
          {alertList(
            'bankAlertThresholds',
            t('staffAdmin:settings.alerts.percentHelp', { most: alertLimits.bankAlertThresholds.most }),
            'settings-bank-thresholds',
          )}
          <AlertStaffPicker
            value={values.alertStaffAccountIds}
            onChange={(ids) => set('alertStaffAccountIds', ids)}
            error={errorOf('alertStaffAccountIds')}
            disabled={!canEdit}
          />
        </Section>

        <Section
          id="settings-inbound"
          title={t('staffAdmin:settings.inbound')}
          description={t('staffAdmin:settings.inboundHelp')}
        >
          <Radio.Group
            label={t('staffAdmin:settings.field.inboundUnauthenticated')}
            description={t('staffAdmin:settings.inboundUnauthenticatedHelp')}
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
                  label={t(unauthenticatedEmailLabels[rule])}
                  description={t(unauthenticatedEmailHelp[rule])}
                  disabled={!canEdit}
                  data-testid={`settings-inbound-${rule}`}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TagsInput
            label={t('staffAdmin:settings.field.inboundTrustedServers')}
            description={t('staffAdmin:settings.inboundTrustedServersHelp', { max: MAX_TRUSTED_SERVERS })}
            dir="ltr"
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
            // i18n-allow: a server name, the same in every language
            placeholder={values.inboundTrustedServers.length ? undefined : 'mx.example.com'}
            maw={640}
            data-testid="settings-inbound-trusted-servers"
          />
        </Section>

        {problems.length > 0 ? (
          <Alert
            color="red"
            title={t('staffAdmin:settings.needsAttention')}
            role="alert"
            data-testid="settings-error"
          >
            <List size="sm">
              {problems.map((problem) => (
                <List.Item key={problem.key}>
                  {t('staffAdmin:settings.problemLine', { field: problem.label, problem: problem.message })}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : update.isError ? (
          <SubmitError
            title={t('staffAdmin:settings.notSaved')}
            error={update.error}
            data-testid="settings-error"
          />
        ) : null}
        {saved ? (
          <Alert
            color="green"
            title={t('staffAdmin:settings.saved')}
            role="status"
            data-testid="settings-saved"
          >
            {t('staffAdmin:settings.savedBody')}
          </Alert>
        ) : null}

        {canEdit ? (
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {dirty
                ? t('staffAdmin:settings.unsaved')
                : lastChanged
                  ? t('staffAdmin:settings.lastChanged', { when: lastChanged })
                  : ''}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={discard} disabled={!dirty || update.isPending}>
                {t('staffAdmin:settings.discard')}
              </Button>
              <Button type="submit" loading={update.isPending} disabled={!dirty} data-testid="settings-save">
                {t('staffAdmin:settings.save')}
              </Button>
            </Group>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}

/** The staff who get every alert: chosen from the active staff; one no longer active stays listed, named. */
function AlertStaffPicker(props: {
  value: readonly number[];
  onChange: (ids: number[]) => void;
  error: string | undefined;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const staff = useAlertStaff();
  const options = useMemo(() => {
    const list = (staff.data?.items ?? []).map((s) => ({
      value: String(s.accountId),
      label: `${s.name} (${s.email})`,
    }));
    const known = new Set(list.map((o) => o.value));
    for (const id of props.value) {
      if (!known.has(String(id)))
        list.push({ value: String(id), label: t('staffAdmin:settings.alerts.staffInactive', { id }) });
    }
    return list;
  }, [staff.data, props.value, t]);
  return (
    <MultiSelect
      label={t('staffAdmin:settings.alerts.staff')}
      description={t('staffAdmin:settings.alerts.staffHelp')}
      data={options}
      value={props.value.map(String)}
      onChange={(v) => props.onChange(v.map(Number))}
      searchable
      clearable
      hidePickedOptions
      disabled={props.disabled}
      nothingFoundMessage={
        staff.isPending
          ? t('staffAdmin:settings.alerts.staffLoading')
          : t('staffAdmin:settings.alerts.staffNone')
      }
      error={props.error ?? (staff.isError ? t('staffAdmin:settings.alerts.staffLoadError') : undefined)}
      data-testid="settings-alert-staff"
    />
  );
}
