import { Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
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
      label: 'New tickets',
      description: 'A confirmation when a ticket you raised (or one raised for you) is opened.',
    },
    ticketReplies: {
      label: 'Replies on tickets',
      description: 'Replies from the support team on tickets you raised or follow.',
    },
    ticketStatus: {
      label: 'Ticket status changes',
      description: 'When a ticket you raised or follow moves on, for example to Waiting on Client.',
    },
    ticketResolved: {
      label: 'Resolved tickets',
      description: 'When a ticket you raised or follow is resolved, so you can reply if it is not fixed.',
    },
    invoices: {
      label: 'Invoices',
      description: 'New invoices, payment reminders and receipts, if you may see invoices.',
    },
    announcements: {
      label: 'Announcements',
      description: 'News from your provider, such as planned maintenance.',
    },
  },
  staff: {
    newTickets: {
      label: 'New tickets',
      description: 'A new ticket assigned to you, or any new ticket while nobody is assigned to it.',
    },
    clientReplies: {
      label: 'Client replies',
      description:
        'A client’s reply on a ticket assigned to you or that you watch (or on any ticket nobody is assigned to).',
    },
    ticketUpdates: {
      label: 'Colleagues’ replies and internal notes',
      description: 'Replies and internal notes by colleagues on tickets assigned to you or that you watch.',
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
  const update = useUpdateNotifications();
  const [values, setValues] = useState<NotificationPrefs>(prefs);
  const [saved, setSaved] = useState(false);
  const shown = notificationKindsFor[kind];
  const dirty = shown.some((k) => values[k] !== prefs[k]);
  return (
    // TEMPORARY: not yet translated (see PENDING_TRANSLATION); the browser walk skips data-i18n-pending.
    <div data-i18n-pending>
      <AccountSection
        id="profile-notifications"
        title="Email notifications"
        description="Which emails you want from us. Security emails (new sign-in links, password and email changes) always come."
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setSaved(false);
            update.mutate(values, { onSuccess: () => setSaved(true) });
          }}
          aria-label="Email notifications"
        >
          <Stack gap="md">
            {shown.map((key) => {
              const words = kindWords[kind][key];
              return (
                <Switch
                  key={key}
                  label={words?.label ?? key}
                  description={words?.description}
                  onLabel="ON"
                  offLabel="OFF"
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
            {update.isError ? <SubmitError title="Not saved" error={update.error} /> : null}
            <Group gap="sm">
              <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="notify-save">
                Save notification choices
              </Button>
              {saved ? (
                <Text size="sm" c="green" role="status">
                  Saved.
                </Text>
              ) : null}
            </Group>
          </Stack>
        </form>
      </AccountSection>
    </div>
  );
}
