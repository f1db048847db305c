import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { renderDataOption } from '../../ui/language-option.tsx';
import { useAssignees, useClientContacts, useClientName, useClientSearch } from './api/tickets.ts';

type Option = { value: string; label: string };

/** Keeps the chosen option in the list whatever the search currently shows. */
function withChosen(items: Option[], chosen: Option | null): Option[] {
  if (chosen && !items.some((i) => i.value === chosen.value)) return [chosen, ...items];
  return items;
}

interface PickerProps {
  value: number | null;
  onChange: (id: number | null, name: string | null) => void;
  label: string;
  description?: string;
  placeholder?: string;
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
  testId?: string;
  style?: SelectProps['style'];
}

/** A searchable client picker over GET /api/v1/clients?q= (active clients). */
export function ClientPicker(props: PickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const knownName = useClientName(
    props.value !== null && chosen?.value !== String(props.value) ? props.value : null,
  );
  const [q] = useDebouncedValue(search === chosen?.label ? '' : search.trim(), 250);
  const clients = useClientSearch(q);
  const data = useMemo(() => {
    const items = (clients.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }));
    const current =
      props.value === null
        ? null
        : chosen?.value === String(props.value)
          ? chosen
          : knownName.data
            ? { value: String(props.value), label: knownName.data }
            : null;
    return withChosen(items, current);
  }, [clients.data, chosen, knownName.data, props.value]);

  return (
    <Select
      renderOption={renderDataOption}
      label={props.label}
      description={props.description}
      placeholder={props.placeholder ?? t('staffApp:tickets.pickers.searchClients')}
      searchable
      clearable={!props.required}
      required={props.required}
      withAsterisk={props.required}
      disabled={props.disabled}
      error={props.error}
      data={data}
      value={props.value === null ? null : String(props.value)}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setChosen(option ? { value: option.value, label: option.label } : null);
        props.onChange(v ? Number(v) : null, option?.label ?? null);
      }}
      nothingFoundMessage={
        clients.isFetching ? t('staffApp:actions.searching') : t('staffApp:tickets.pickers.noClient')
      }
      filter={({ options }) => options}
      style={props.style}
      data-testid={props.testId}
    />
  );
}

/** A contact of one client (searchable, active contacts only). */
export function ContactPicker(props: PickerProps & { clientId: number | null; exclude?: readonly number[] }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Option | null>(null);
  const [q] = useDebouncedValue(search === chosen?.label ? '' : search.trim(), 250);
  const contacts = useClientContacts(props.clientId, q);
  const data = useMemo(() => {
    const excluded = new Set(props.exclude ?? []);
    const items = (contacts.data?.items ?? [])
      .filter((c) => !excluded.has(c.id))
      .map((c) => ({ value: String(c.id), label: c.email ? `${c.name} (${c.email})` : c.name }));
    return withChosen(items, props.value !== null && chosen?.value === String(props.value) ? chosen : null);
  }, [contacts.data, chosen, props.value, props.exclude]);

  return (
    <Select
      renderOption={renderDataOption}
      label={props.label}
      description={props.description}
      placeholder={
        props.clientId === null
          ? t('staffApp:tickets.pickers.clientFirst')
          : (props.placeholder ?? t('staffApp:tickets.pickers.searchContacts'))
      }
      searchable
      clearable
      disabled={props.disabled || props.clientId === null}
      error={props.error}
      data={data}
      value={props.value === null ? null : String(props.value)}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setChosen(option ? { value: option.value, label: option.label } : null);
        props.onChange(v ? Number(v) : null, option?.label ?? null);
      }}
      nothingFoundMessage={
        contacts.isFetching
          ? t('staffApp:actions.searching')
          : contacts.isError
            ? t('staffApp:tickets.pickers.contactsError')
            : t('staffApp:tickets.pickers.noContact')
      }
      filter={({ options }) => options}
      style={props.style}
      data-testid={props.testId}
    />
  );
}

/** Staff who may be given tickets (GET /api/v1/tickets/assignees). */
export function AssigneeSelect(props: PickerProps & { unassignedLabel?: string; comboboxTestId?: string }) {
  const { t } = useTranslation();
  const assignees = useAssignees();
  const data = useMemo(
    () => (assignees.data?.items ?? []).map((a) => ({ value: String(a.accountId), label: a.name })),
    [assignees.data],
  );
  return (
    <Select
      renderOption={renderDataOption}
      label={props.label}
      description={props.description}
      placeholder={
        props.placeholder ??
        (assignees.isPending ? t('staffApp:actions.loading') : t('staffApp:tickets.pickers.anyone'))
      }
      searchable
      clearable
      disabled={props.disabled}
      error={props.error ?? (assignees.isError ? t('staffApp:tickets.pickers.staffError') : undefined)}
      data={data}
      value={props.value === null ? null : String(props.value)}
      onChange={(v, option) => props.onChange(v ? Number(v) : null, option?.label ?? null)}
      nothingFoundMessage={t('staffApp:tickets.pickers.nobody')}
      style={props.style}
      data-testid={props.testId}
    />
  );
}
