import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { clientCreateBody, siteInput } from '../../../shared/schemas/clients.ts';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { useViewerLocale } from '../../ui/i18n/locale-context.ts';
import { renderDataOption, renderLanguageOption } from '../../ui/language-option.tsx';
import { LimitedTextarea, LimitedTextInput } from '../../ui/limited-field.tsx';
import { allCurrencyOptions, allTimeZones, languageName, languageOptions } from '../../ui/locale-options.ts';
import { type ClientFormValues, newSiteKey, type SiteValues } from './client-form.ts';

/** The option that stands for "as the organisation": the form keeps '' for it. */
const ORGANISATION_DEFAULT = 'organisation-default';
const toSelect = (value: string) => value || ORGANISATION_DEFAULT;
const fromSelect = (value: string | null) => (!value || value === ORGANISATION_DEFAULT ? '' : value);

function Section({
  id,
  title,
  description,
  badge,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  badge?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group gap="xs" mb={description ? 0 : 'sm'}>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {badge}
      </Group>
      {description ? (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      ) : null}
      <Stack gap="md">{children}</Stack>
    </Card>
  );
}

/**
 * The fields of a client, for the new-client page and the Overview tab. Field errors use the API's
 * field names (name, ipAllowlist, sites.0.label, ...) so server and local checks land in one place.
 */
export function ClientFormFields({
  values,
  onChange,
  errors,
  disabled,
  creating = false,
}: {
  values: ClientFormValues;
  onChange: (next: ClientFormValues) => void;
  errors: Record<string, string>;
  disabled: boolean;
  /** A new client may leave its currency to the organisation's; an existing one always has its own. */
  creating?: boolean;
}) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const viewerLanguage = useViewerLocale().language;
  const orgDefault = (value: string) => ({
    value: ORGANISATION_DEFAULT,
    label: t('staffAdmin:clients.form.organisationDefault', { value }),
  });
  const timeZoneList = useMemo(
    () => allTimeZones(values.timeZone).map((zone) => ({ value: zone, label: zone })),
    [values.timeZone],
  );
  const currencyList = useMemo(
    () => allCurrencyOptions(values.currency, viewerLanguage),
    [values.currency, viewerLanguage],
  );
  const languages = [orgDefault(languageName(branding.language)), ...languageOptions];
  const timeZones = [orgDefault(branding.timeZone), ...timeZoneList];
  const currencies = [
    ...(creating || values.currency === '' ? [orgDefault(branding.currency)] : []),
    ...currencyList,
  ];
  const set = <K extends keyof ClientFormValues>(key: K, value: ClientFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const setSite = (index: number, site: Partial<SiteValues>) =>
    set(
      'sites',
      values.sites.map((s, i) => (i === index ? { ...s, ...site } : s)),
    );
  const allowlistError =
    errors.ipAllowlist ??
    Object.entries(errors)
      .filter(([k]) => k.startsWith('ipAllowlist.'))
      .map(([, v]) => v)
      .join(' ');

  return (
    <Stack gap="lg">
      <Section id="client-company" title={t('staffAdmin:clients.form.company')}>
        <LimitedTextInput
          label={t('staffAdmin:clients.form.name')}
          required
          dir="auto"
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          disabled={disabled}
          maxLength={maxLengthOf(clientCreateBody.shape.name)}
          data-testid="client-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <LimitedTextInput
            label={t('staffAdmin:clients.form.phone')}
            type="tel"
            // A number reads left to right in either layout ("+966 11 …", not "… 11 966+").
            dir="ltr"
            value={values.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
            error={errors.phone}
            disabled={disabled}
            maxLength={maxLengthOf(clientCreateBody.shape.phone)}
            data-testid="client-phone"
          />
          <LimitedTextInput
            label={t('staffAdmin:clients.form.website')}
            // i18n-allow: an address, the same in every language
            placeholder="https://example.com"
            dir="ltr"
            value={values.website}
            onChange={(e) => set('website', e.currentTarget.value)}
            error={errors.website}
            disabled={disabled}
            maxLength={maxLengthOf(clientCreateBody.shape.website)}
            data-testid="client-website"
          />
        </SimpleGrid>
      </Section>

      <Section
        id="client-sites"
        title={t('staffAdmin:clients.form.sites')}
        description={t('staffAdmin:clients.form.sitesDescription')}
      >
        {values.sites.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('staffAdmin:clients.form.noSites')}
          </Text>
        ) : null}
        {values.sites.map((site, i) => (
          <Card key={site.key} withBorder padding="sm" data-testid={`site-${i}`}>
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
                <LimitedTextInput
                  label={t('staffAdmin:clients.form.siteName', { number: i + 1 })}
                  placeholder={t('staffAdmin:clients.form.siteNamePlaceholder')}
                  dir="auto"
                  value={site.label}
                  onChange={(e) => setSite(i, { label: e.currentTarget.value })}
                  error={errors[`sites.${i}.label`] ?? errors[`sites.${i}.id`]}
                  disabled={disabled}
                  maxLength={maxLengthOf(siteInput.shape.label)}
                  data-testid={`site-${i}-label`}
                />
                <LimitedTextarea
                  label={t('staffAdmin:clients.form.siteAddress', { number: i + 1 })}
                  dir="auto"
                  autosize
                  minRows={2}
                  value={site.address}
                  onChange={(e) => setSite(i, { address: e.currentTarget.value })}
                  error={errors[`sites.${i}.address`]}
                  disabled={disabled}
                  maxLength={maxLengthOf(siteInput.shape.address)}
                  data-testid={`site-${i}-address`}
                />
              </Stack>
              {disabled ? null : (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={28}
                  aria-label={
                    site.label
                      ? t('staffAdmin:clients.form.removeNamedSite', { number: i + 1, name: site.label })
                      : t('staffAdmin:clients.form.removeSite', { number: i + 1 })
                  }
                  onClick={() =>
                    set(
                      'sites',
                      values.sites.filter((_, j) => j !== i),
                    )
                  }
                >
                  <span aria-hidden="true">✕</span>
                </ActionIcon>
              )}
            </Group>
          </Card>
        ))}
        {disabled ? null : (
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => set('sites', [...values.sites, { key: newSiteKey(), label: '', address: '' }])}
              data-testid="add-site"
            >
              {t('staffAdmin:clients.form.addSite')}
            </Button>
          </Group>
        )}
      </Section>

      <Section
        id="client-locale"
        title={t('staffAdmin:clients.form.locale')}
        description={t('staffAdmin:clients.form.localeDescription')}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('staffAdmin:clients.form.language')}
            description={t('staffAdmin:clients.form.languageDescription')}
            data={languages}
            renderOption={renderLanguageOption}
            allowDeselect={false}
            value={toSelect(values.language)}
            onChange={(v) => set('language', fromSelect(v))}
            error={errors.language}
            disabled={disabled}
            data-testid="client-language"
          />
          <Select
            label={t('staffAdmin:clients.form.timeZone')}
            description={t('staffAdmin:clients.form.timeZoneDescription')}
            data={timeZones}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('staffAdmin:locale.noTimeZone')}
            maxDropdownHeight={280}
            // A zone's IANA name is the same in every language; "as the organisation" is the page's words.
            renderOption={({ option }) =>
              option.value === ORGANISATION_DEFAULT ? option.label : renderDataOption({ option })
            }
            value={toSelect(values.timeZone)}
            onChange={(v) => set('timeZone', fromSelect(v))}
            error={errors.timeZone}
            disabled={disabled}
            data-testid="client-time-zone"
          />
          <Select
            label={t('staffAdmin:clients.form.currency')}
            description={t('staffAdmin:clients.form.currencyDescription')}
            data={currencies}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('staffAdmin:locale.noCurrency')}
            value={toSelect(values.currency)}
            onChange={(v) => set('currency', fromSelect(v))}
            error={errors.currency}
            disabled={disabled}
            data-testid="client-currency"
          />
        </SimpleGrid>
      </Section>

      <Section
        id="client-portal"
        title={t('staffAdmin:clients.form.portalAccess')}
        description={t('staffAdmin:clients.form.portalAccessDescription')}
      >
        <Switch
          label={t('staffAdmin:clients.form.portalEnabled')}
          description={
            values.portalEnabled
              ? t('staffAdmin:clients.form.portalOnHelp')
              : t('staffAdmin:clients.form.portalOffHelp')
          }
          checked={values.portalEnabled}
          onChange={(e) => set('portalEnabled', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="client-portal-enabled"
        />
        <Switch
          label={t('staffAdmin:clients.form.requireMfa')}
          description={t('staffAdmin:clients.form.requireMfaHelp')}
          checked={values.requireMfa}
          onChange={(e) => set('requireMfa', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="client-require-mfa"
        />
        <Textarea
          label={t('staffAdmin:clients.form.allowlist')}
          description={t('staffAdmin:clients.form.allowlistHelp')}
          autosize
          minRows={2}
          // Addresses read left to right in either layout.
          dir="ltr"
          value={values.allowlistText}
          onChange={(e) => set('allowlistText', e.currentTarget.value)}
          error={allowlistError || undefined}
          disabled={disabled}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="client-ip-allowlist"
        />
      </Section>

      <Section
        id="client-notes"
        title={t('staffAdmin:clients.form.notes')}
        badge={
          <Badge color="yellow" variant="filled" data-testid="internal-badge">
            {t('staffAdmin:clients.form.internal')}
          </Badge>
        }
        description={t('staffAdmin:clients.form.notesHelp')}
      >
        <LimitedTextarea
          label={t('staffAdmin:clients.form.internalNotes')}
          dir="auto"
          autosize
          minRows={3}
          value={values.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          error={errors.notes}
          disabled={disabled}
          maxLength={maxLengthOf(clientCreateBody.shape.notes)}
          data-testid="client-notes"
        />
      </Section>
    </Stack>
  );
}
