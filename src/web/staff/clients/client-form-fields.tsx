import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { clientCreateBody, siteInput } from '../../../shared/schemas/clients.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextarea, LimitedTextInput } from '../../ui/limited-field.tsx';
import { type ClientFormValues, newSiteKey, type SiteValues } from './client-form.ts';

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
}: {
  values: ClientFormValues;
  onChange: (next: ClientFormValues) => void;
  errors: Record<string, string>;
  disabled: boolean;
}) {
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
      <Section id="client-company" title="Company">
        <LimitedTextInput
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          disabled={disabled}
          maxLength={maxLengthOf(clientCreateBody.shape.name)}
          data-testid="client-name"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <LimitedTextInput
            label="Phone"
            type="tel"
            value={values.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
            error={errors.phone}
            disabled={disabled}
            maxLength={maxLengthOf(clientCreateBody.shape.phone)}
            data-testid="client-phone"
          />
          <LimitedTextInput
            label="Website"
            placeholder="https://example.com"
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
        title="Sites"
        description="The client’s addresses: offices, depots, branches."
      >
        {values.sites.length === 0 ? (
          <Text size="sm" c="dimmed">
            No sites yet.
          </Text>
        ) : null}
        {values.sites.map((site, i) => (
          <Card key={site.key} withBorder padding="sm" data-testid={`site-${i}`}>
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <Stack gap="xs" style={{ flex: 1, minWidth: 0 }}>
                <LimitedTextInput
                  label={`Site ${i + 1} name`}
                  placeholder="Head office"
                  value={site.label}
                  onChange={(e) => setSite(i, { label: e.currentTarget.value })}
                  error={errors[`sites.${i}.label`] ?? errors[`sites.${i}.id`]}
                  disabled={disabled}
                  maxLength={maxLengthOf(siteInput.shape.label)}
                  data-testid={`site-${i}-label`}
                />
                <LimitedTextarea
                  label={`Site ${i + 1} address`}
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
                  aria-label={`Remove site ${i + 1}${site.label ? ` (${site.label})` : ''}`}
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
              Add a site
            </Button>
          </Group>
        )}
      </Section>

      <Section
        id="client-portal"
        title="Portal access"
        description="Who of this client may sign in to the portal, and how."
      >
        <Switch
          label="Portal enabled"
          description={
            values.portalEnabled
              ? 'On: this client’s contacts with a login can sign in.'
              : 'Off: nobody from this client can sign in; their sessions end.'
          }
          checked={values.portalEnabled}
          onChange={(e) => set('portalEnabled', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="client-portal-enabled"
        />
        <Switch
          label="Require two-factor authentication"
          description="Contacts of this client must set up an authenticator app before they can use the portal."
          checked={values.requireMfa}
          onChange={(e) => set('requireMfa', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="client-require-mfa"
        />
        <Textarea
          label="Allowed sign-in addresses (optional)"
          description="One IPv4 or IPv6 range per line, such as 203.0.113.0/24 or 2001:db8::/32. Leave empty to allow any address."
          autosize
          minRows={2}
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
        title="Notes"
        badge={
          <Badge color="yellow" variant="filled" data-testid="internal-badge">
            Internal
          </Badge>
        }
        description="For staff only. Never shown to the client or in the portal."
      >
        <LimitedTextarea
          label="Internal notes"
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
