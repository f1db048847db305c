import {
  Checkbox,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  CONTRACT_SCOPE_MAX,
  type ContractCreateBody,
  type ContractPatchBody,
  type ContractResponse,
  type ContractStatus,
  type ContractType,
  contractCreateStatuses,
  contractTransitions,
  contractTypes,
} from '../../../shared/schemas/contracts.ts';
import { contractStatusKeys, contractTypeKeys } from '../../ui/contract-words.ts';
import { useClientChoices, useClientParts, useSlaChoices } from './api.ts';

export interface ContractFormValues {
  clientId: string | null;
  name: string;
  type: ContractType;
  scope: string;
  slaPolicyId: string | null;
  slaCalendarId: string | null;
  allSites: boolean;
  siteIds: string[];
  startDate: string;
  endDate: string;
  renewalDate: string;
  autoRenew: boolean;
  noticeDays: number | '';
  contactIds: string[];
  status: ContractStatus;
}

export function valuesFromContract(c?: ContractResponse, clientId?: number): ContractFormValues {
  return {
    clientId: c ? String(c.clientId) : clientId ? String(clientId) : null,
    name: c?.name ?? '',
    type: c?.type ?? 'managed-services',
    scope: c?.scope ?? '',
    slaPolicyId: c?.slaPolicy ? String(c.slaPolicy.id) : null,
    slaCalendarId: c?.slaCalendar ? String(c.slaCalendar.id) : null,
    allSites: c?.allSites ?? true,
    siteIds: c && !c.allSites ? c.sites.map((s) => String(s.id)) : [],
    startDate: c?.startDate ?? '',
    endDate: c?.endDate ?? '',
    renewalDate: c?.renewalDate ?? '',
    autoRenew: c?.autoRenew ?? false,
    noticeDays: c?.noticeDays ?? '',
    contactIds: c ? c.contacts.map((p) => String(p.id)) : [],
    status: c?.status ?? 'draft',
  };
}

/** What the browser can tell before sending: the server checks everything again. */
export function localProblems(v: ContractFormValues, t: TFunction): Record<string, string> {
  const problems: Record<string, string> = {};
  if (v.clientId === null) problems.clientId = t('staffAdmin:contracts.form.clientRequired');
  if (!v.name.trim()) problems.name = t('errors:validation.contractName');
  if (!v.startDate) problems.startDate = t('staffAdmin:contracts.form.startRequired');
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    problems.endDate = t('errors:contracts.endBeforeStart');
  }
  if (v.startDate && v.renewalDate && v.renewalDate < v.startDate) {
    problems.renewalDate = t('errors:contracts.renewalBeforeStart');
  }
  return problems;
}

const ids = (list: string[]) => list.map(Number);
const orNull = (value: string) => (value ? value : null);

export function toCreateBody(v: ContractFormValues): ContractCreateBody {
  return {
    clientId: Number(v.clientId),
    name: v.name.trim(),
    type: v.type,
    scope: v.scope,
    slaPolicyId: v.slaPolicyId ? Number(v.slaPolicyId) : null,
    slaCalendarId: v.slaCalendarId ? Number(v.slaCalendarId) : null,
    allSites: v.allSites,
    siteIds: v.allSites ? [] : ids(v.siteIds),
    startDate: v.startDate,
    endDate: orNull(v.endDate),
    renewalDate: orNull(v.renewalDate),
    autoRenew: v.autoRenew,
    noticeDays: v.noticeDays === '' ? null : v.noticeDays,
    contactIds: ids(v.contactIds),
    status: v.status === 'active' ? 'active' : 'draft',
  };
}

/** Only what changed since `before`. */
export function toPatch(before: ContractFormValues, v: ContractFormValues): ContractPatchBody {
  const all = toCreateBody(v);
  const was = toCreateBody(before);
  const patch: ContractPatchBody = {};
  const keys = Object.keys(all) as (keyof typeof all)[];
  for (const key of keys) {
    if (key === 'clientId' || key === 'status') continue;
    if (JSON.stringify(all[key]) !== JSON.stringify(was[key])) {
      (patch as Record<string, unknown>)[key] = all[key];
    }
  }
  if (v.status !== before.status) patch.status = v.status;
  return patch;
}

/** The first server message about a field or any of its items (`siteIds.1` belongs to `siteIds`). */
function fieldError(errors: Record<string, string>, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}

export function ContractFormFields({
  values,
  onChange,
  errors,
  disabled,
  creating,
  savedStatus,
}: {
  values: ContractFormValues;
  onChange: (v: ContractFormValues) => void;
  errors: Record<string, string>;
  disabled: boolean;
  creating: boolean;
  /** The status as saved (editing): the choices are it and the changes it allows. */
  savedStatus?: ContractStatus;
}) {
  const { t } = useTranslation();
  const clients = useClientChoices();
  const sla = useSlaChoices();
  const clientId = values.clientId ? Number(values.clientId) : null;
  const parts = useClientParts(clientId);
  const set = <K extends keyof ContractFormValues>(key: K, value: ContractFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const statusChoices: readonly ContractStatus[] = creating
    ? contractCreateStatuses
    : savedStatus
      ? [savedStatus, ...contractTransitions[savedStatus]]
      : [values.status];
  const err = (field: string) => fieldError(errors, field);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label={t('staffAdmin:contracts.form.client')}
          required
          searchable
          data={(clients.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={values.clientId}
          onChange={(v) => onChange({ ...values, clientId: v, siteIds: [], contactIds: [] })}
          disabled={disabled || !creating}
          error={err('clientId')}
          rightSection={clients.isPending ? <Loader size="xs" /> : undefined}
          data-testid="contract-client"
        />
        <TextInput
          label={t('staffAdmin:contracts.form.name')}
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          disabled={disabled}
          error={err('name')}
          maxLength={200}
          data-testid="contract-name"
        />
        <Select
          label={t('staffAdmin:contracts.form.type')}
          required
          allowDeselect={false}
          data={contractTypes.map((type) => ({ value: type, label: t(contractTypeKeys[type]) }))}
          value={values.type}
          onChange={(v) => v && set('type', v as ContractType)}
          disabled={disabled}
          error={err('type')}
          data-testid="contract-type"
        />
        <Select
          label={t('staffAdmin:contracts.form.status')}
          required
          allowDeselect={false}
          data={statusChoices.map((s) => ({ value: s, label: t(contractStatusKeys[s]) }))}
          value={values.status}
          onChange={(v) => v && set('status', v as ContractStatus)}
          disabled={disabled}
          error={err('status')}
          data-testid="contract-status"
        />
      </SimpleGrid>

      <Textarea
        label={t('staffAdmin:contracts.form.scope')}
        description={t('staffAdmin:contracts.form.scopeHelp')}
        autosize
        minRows={4}
        maxRows={16}
        maxLength={CONTRACT_SCOPE_MAX}
        value={values.scope}
        onChange={(e) => set('scope', e.currentTarget.value)}
        disabled={disabled}
        error={err('scope')}
        dir="auto"
        data-testid="contract-scope"
      />

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label={t('staffAdmin:contracts.form.policy')}
          description={t('staffAdmin:contracts.form.policyHelp')}
          clearable
          data={(sla.data?.policies ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
          value={values.slaPolicyId}
          onChange={(v) => set('slaPolicyId', v)}
          disabled={disabled}
          error={err('slaPolicyId')}
          data-testid="contract-policy"
        />
        <Select
          label={t('staffAdmin:contracts.form.calendar')}
          description={t('staffAdmin:contracts.form.calendarHelp')}
          clearable
          data={(sla.data?.calendars ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={values.slaCalendarId}
          onChange={(v) => set('slaCalendarId', v)}
          disabled={disabled}
          error={err('slaCalendarId')}
          data-testid="contract-calendar"
        />
      </SimpleGrid>

      <Checkbox
        label={t('staffAdmin:contracts.form.allSites')}
        checked={values.allSites}
        onChange={(e) => set('allSites', e.currentTarget.checked)}
        disabled={disabled}
        data-testid="contract-all-sites"
      />
      {!values.allSites ? (
        <MultiSelect
          label={t('staffAdmin:contracts.form.sites')}
          data={(parts.client.data?.sites ?? []).map((s) => ({ value: String(s.id), label: s.label }))}
          value={values.siteIds}
          onChange={(v) => set('siteIds', v)}
          disabled={disabled || clientId === null}
          error={err('siteIds')}
          searchable
          data-testid="contract-sites"
        />
      ) : null}

      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <TextInput
          type="date"
          label={t('staffAdmin:contracts.form.startDate')}
          required
          value={values.startDate}
          onChange={(e) => set('startDate', e.currentTarget.value)}
          disabled={disabled}
          error={err('startDate')}
          data-testid="contract-start"
        />
        <TextInput
          type="date"
          label={t('staffAdmin:contracts.form.endDate')}
          value={values.endDate}
          onChange={(e) => set('endDate', e.currentTarget.value)}
          disabled={disabled}
          error={err('endDate')}
          data-testid="contract-end"
        />
        <TextInput
          type="date"
          label={t('staffAdmin:contracts.form.renewalDate')}
          value={values.renewalDate}
          onChange={(e) => set('renewalDate', e.currentTarget.value)}
          disabled={disabled}
          error={err('renewalDate')}
          data-testid="contract-renewal"
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <NumberInput
          label={t('staffAdmin:contracts.form.noticeDays')}
          min={0}
          max={3650}
          allowDecimal={false}
          allowNegative={false}
          value={values.noticeDays}
          onChange={(v) => set('noticeDays', typeof v === 'number' ? v : '')}
          disabled={disabled}
          error={err('noticeDays')}
          data-testid="contract-notice"
        />
        <Checkbox
          mt={{ base: 0, sm: 'xl' }}
          label={t('staffAdmin:contracts.form.autoRenew')}
          checked={values.autoRenew}
          onChange={(e) => set('autoRenew', e.currentTarget.checked)}
          disabled={disabled}
          data-testid="contract-auto-renew"
        />
      </SimpleGrid>

      <MultiSelect
        label={t('staffAdmin:contracts.form.contacts')}
        description={t('staffAdmin:contracts.form.contactsHelp')}
        data={(parts.contacts.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
        value={values.contactIds}
        onChange={(v) => set('contactIds', v)}
        disabled={disabled || clientId === null}
        error={err('contactIds')}
        searchable
        data-testid="contract-contacts"
      />
    </Stack>
  );
}
