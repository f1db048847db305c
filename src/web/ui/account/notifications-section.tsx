import { Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type NotificationKind,
  type NotificationPrefs,
  notificationKindsFor,
} from '../../../shared/schemas/profile.ts';
import { useUpdateNotifications } from '../../api/profile.ts';
import { SubmitError } from '../states.tsx';
import { AccountSection } from './section.tsx';

/** What each choice means, in the words of the person who sees it (contacts and staff see different sets). */
const kindWords: Record<
  'staff' | 'contact',
  Partial<Record<NotificationKind, { label: string; description: string }>>
> = {
  contact: {
    ticketCreated: {
      label: 'ui:notifications.contact.ticketCreated.label',
      description: 'ui:notifications.contact.ticketCreated.description',
    },
    ticketReplies: {
      label: 'ui:notifications.contact.ticketReplies.label',
      description: 'ui:notifications.contact.ticketReplies.description',
    },
    ticketStatus: {
      label: 'ui:notifications.contact.ticketStatus.label',
      description: 'ui:notifications.contact.ticketStatus.description',
    },
    ticketResolved: {
      label: 'ui:notifications.contact.ticketResolved.label',
      description: 'ui:notifications.contact.ticketResolved.description',
    },
    invoices: {
      label: 'ui:notifications.contact.invoices.label',
      description: 'ui:notifications.contact.invoices.description',
    },
    announcements: {
      label: 'ui:notifications.contact.announcements.label',
      description: 'ui:notifications.contact.announcements.description',
    },
  },
  staff: {
    newTickets: {
      label: 'ui:notifications.staff.newTickets.label',
      description: 'ui:notifications.staff.newTickets.description',
    },
    clientReplies: {
      label: 'ui:notifications.staff.clientReplies.label',
      description: 'ui:notifications.staff.clientReplies.description',
    },
    ticketUpdates: {
      label: 'ui:notifications.staff.ticketUpdates.label',
      description: 'ui:notifications.staff.ticketUpdates.description',
    },
  },
};

/** The email choices of the signed-in person; keys of the other kind are kept as they are. */
export function NotificationsSection({
  prefs,
  kind,
}: {
  prefs: NotificationPrefs;
  kind: 'staff' | 'contact';
}) {
  const { t } = useTranslation();
  const update = useUpdateNotifications();
  const [values, setValues] = useState<NotificationPrefs>(prefs);
  const [saved, setSaved] = useState(false);
  const shown = notificationKindsFor[kind];
  const dirty = shown.some((k) => values[k] !== prefs[k]);
  return (
    <div>
      <AccountSection
        id="profile-notifications"
        title={t('ui:notifications.title')}
        description={t('ui:notifications.description')}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setSaved(false);
            update.mutate(values, { onSuccess: () => setSaved(true) });
          }}
          aria-label={t('ui:notifications.title')}
        >
          <Stack gap="md">
            {shown.map((key) => {
              const words = kindWords[kind][key];
              return (
                <Switch
                  key={key}
                  label={words ? t(words.label) : key}
                  description={words ? t(words.description) : undefined}
                  onLabel={t('ui:notifications.on')}
                  offLabel={t('ui:notifications.off')}
                  checked={values[key]}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked;
                    setValues((v) => ({ ...v, [key]: checked }));
                    setSaved(false);
                  }}
                  data-testid={`notify-${key}`}
                />
              );
            })}
            {update.isError ? <SubmitError title={t('ui:common.notSaved')} error={update.error} /> : null}
            <Group gap="sm">
              <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="notify-save">
                {t('ui:notifications.save')}
              </Button>
              {saved ? (
                <Text size="sm" c="green" role="status">
                  {t('ui:common.saved')}
                </Text>
              ) : null}
            </Group>
          </Stack>
        </form>
      </AccountSection>
    </div>
  );
}
