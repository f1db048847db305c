import { Alert, Button, Divider, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactPermission } from '../../shared/permissions.ts';
import type { ContactCreateBody, ContactPatchBody } from '../../shared/schemas/contacts.ts';
import { contactCreateBody as contactCreateBodySchema } from '../../shared/schemas/contacts.ts';
import { ApiError, errorMessage } from '../api/client.ts';
import { maxLengthOf } from './character-limit.ts';
import { ContactAccessEditor } from './contact-access-editor.tsx';
import { type ContactFormValues, contactCreateBody, contactPatch } from './contact-form.ts';
import { LimitedTextInput } from './limited-field.tsx';

/**
 * Add or edit a person: details and access. Shared by the staff Contacts tab and the portal's
 * Colleagues page; the caller says how to save.
 */
export function ContactDialog({
  opened,
  onClose,
  title,
  initial,
  mode,
  onCreate,
  onUpdate,
  pending,
  error,
  grantable,
  accessLocked,
  emailLocked,
  saveLabel,
}: {
  saveLabel?: string;
  opened: boolean;
  onClose: () => void;
  title: string;
  initial: ContactFormValues;
  mode: 'create' | 'edit';
  onCreate?: (body: ContactCreateBody, done: () => void) => void;
  onUpdate?: (patch: ContactPatchBody, done: () => void) => void;
  pending: boolean;
  error: unknown;
  grantable?: ReadonlySet<ContactPermission>;
  /** Why access cannot be changed here (shown instead of the editor), or undefined. */
  accessLocked?: string | undefined;
  /** Why the email cannot be changed here, or undefined. */
  emailLocked?: string | undefined;
}) {
  // A phone gets the whole screen: the form is long and a floating dialog would scroll twice.
  const { t } = useTranslation();
  const small = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" fullScreen={small === true}>
      {opened ? (
        <ContactForm
          initial={initial}
          mode={mode}
          {...(onCreate ? { onCreate } : {})}
          {...(onUpdate ? { onUpdate } : {})}
          onCancel={onClose}
          pending={pending}
          error={error}
          {...(grantable ? { grantable } : {})}
          accessLocked={accessLocked}
          emailLocked={emailLocked}
          saveLabel={saveLabel ?? (mode === 'create' ? t('ui:contact.add') : t('ui:contact.saveChanges'))}
        />
      ) : null}
    </Modal>
  );
}

function ContactForm({
  initial,
  mode,
  onCreate,
  onUpdate,
  onCancel,
  pending,
  error,
  grantable,
  accessLocked,
  emailLocked,
  saveLabel,
}: {
  saveLabel: string;
  initial: ContactFormValues;
  mode: 'create' | 'edit';
  onCreate?: (body: ContactCreateBody, done: () => void) => void;
  onUpdate?: (patch: ContactPatchBody, done: () => void) => void;
  onCancel: () => void;
  pending: boolean;
  error: unknown;
  grantable?: ReadonlySet<ContactPermission>;
  accessLocked?: string | undefined;
  emailLocked?: string | undefined;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ContactFormValues>(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = error instanceof ApiError ? error.fields : {};
  const errors = { ...server, ...local };
  const set = <K extends keyof ContactFormValues>(key: K, value: ContactFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setLocal({});
  };
  const patch = contactPatch(initial, values);
  const dirty = mode === 'create' || Object.keys(patch).length > 0;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!values.name.trim()) {
      setLocal({ name: t('ui:contact.enterName') });
      return;
    }
    if (mode === 'create') onCreate?.(contactCreateBody(values), onCancel);
    else if (dirty) onUpdate?.(patch, onCancel);
  };

  const field = (key: 'name' | 'title' | 'department' | 'phone' | 'mobile', label: string) => (
    <LimitedTextInput
      label={label}
      required={key === 'name'}
      value={values[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      maxLength={maxLengthOf(contactCreateBodySchema.shape[key])}
      type={key === 'phone' || key === 'mobile' ? 'tel' : 'text'}
      data-testid={`contact-${key}`}
    />
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={mode === 'create' ? t('ui:contact.new') : t('ui:contact.edit')}
    >
      <Stack gap="md">
        {field('name', t('ui:profile.name'))}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {field('title', t('ui:contact.jobTitle'))}
          {field('department', t('ui:contact.department'))}
        </SimpleGrid>
        <TextInput
          label={t('ui:signIn.email')}
          type="email"
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={errors.email}
          description={emailLocked}
          disabled={emailLocked !== undefined}
          maxLength={254}
          data-testid="contact-email"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {field('phone', t('ui:profile.phone'))}
          {field('mobile', t('ui:profile.mobile'))}
        </SimpleGrid>
        <Divider label={t('ui:contact.access')} labelPosition="left" />
        {accessLocked ? (
          <Alert color="gray">{accessLocked}</Alert>
        ) : (
          <ContactAccessEditor
            value={{ presets: values.presets, switches: values.switches }}
            onChange={(next) => {
              setValues((v) => ({ ...v, presets: next.presets, switches: next.switches }));
              setLocal({});
            }}
            {...(grantable ? { grantable } : {})}
            error={errors.presets}
          />
        )}
        {error ? (
          <Alert color="red" title={t('ui:common.notSaved')} role="alert" data-testid="contact-error">
            {errorMessage(error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('ui:common.cancel')}
          </Button>
          <Button type="submit" loading={pending} disabled={!dirty} data-testid="contact-save">
            {saveLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
