import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Radio,
  Stack,
  Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import {
  type InviteMethod,
  type InviteResult,
  inviteMethodLabels,
  inviteMethods,
} from '../../../../shared/schemas/invitations.ts';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useSubmitOnce } from '../../../ui/use-submit-once.ts';
import { useInviteContacts } from './api.ts';

export interface InviteContactsButtonProps {
  clientId: number;
  contacts: { id: number; name: string; email: string | null; hasLogin: boolean }[];
}

const methodHelp: Record<InviteMethod, string> = {
  email:
    'Each contact receives a link that works once and expires in 7 days. They choose their own password.',
  password:
    'Their login works at once with this password. Tell it to them yourself (it is not emailed); they must choose a new one when they first sign in.',
  generated:
    'A strong password is made for each contact and shown to you once, here. Give it to them securely; they must choose a new one when they first sign in.',
};

const statusWords: Record<InviteResult['status'], { label: string; color: string }> = {
  invited: { label: 'Invitation sent', color: 'blue' },
  created: { label: 'Login created', color: 'green' },
  skipped: { label: 'Skipped', color: 'gray' },
};

function whyNot(contact: InviteContactsButtonProps['contacts'][number]): string | null {
  if (contact.hasLogin) return 'Already has a portal login';
  if (!contact.email) return 'No email address';
  return null;
}

/** Picks contacts of one client and lets them into the portal: an emailed link, a set or a generated password. */
export function InviteContactsButton(props: InviteContactsButtonProps) {
  const [opened, setOpened] = useState(false);
  const invitable = props.contacts.filter((c) => whyNot(c) === null);
  return (
    <>
      <Button onClick={() => setOpened(true)} data-testid="invite-contacts-open">
        Invite to portal
      </Button>
      {opened ? (
        <InviteDialog
          clientId={props.clientId}
          contacts={props.contacts}
          // One candidate (a single row, say): chosen already, one click fewer.
          initial={invitable.length === 1 ? [String(invitable[0]!.id)] : []}
          onClose={() => setOpened(false)}
        />
      ) : null}
    </>
  );
}

function InviteDialog(props: InviteContactsButtonProps & { initial: string[]; onClose: () => void }) {
  const narrow = useMediaQuery('(max-width: 36em)');
  const invite = useSubmitOnce(useInviteContacts(props.clientId));
  const [selected, setSelected] = useState<string[]>(props.initial);
  const [method, setMethod] = useState<InviteMethod>('email');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<{ contacts?: string; password?: string }>({});
  const invitable = props.contacts.filter((c) => whyNot(c) === null);
  // Those who can be invited come first; the others are listed after, with the reason.
  const ordered = [...invitable, ...props.contacts.filter((c) => whyNot(c) !== null)];
  const fields = invite.error instanceof ApiError ? invite.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = {
      ...(selected.length === 0 ? { contacts: 'Choose at least one contact' } : {}),
      ...(method === 'password' && !password ? { password: 'Enter the password to set' } : {}),
    };
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    invite.mutate({
      contactIds: selected.map(Number),
      method,
      ...(method === 'password' ? { password } : {}),
    });
  };

  const results = invite.data?.results;
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={results ? 'Invitation results' : 'Invite to the portal'}
      size="lg"
      fullScreen={narrow === true}
      data-testid="invite-dialog"
    >
      {results ? (
        <InviteResults results={results} onClose={props.onClose} />
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Invite contacts">
          <Stack gap="md">
            {invitable.length === 0 ? (
              <Alert color="gray" title="Nobody to invite">
                Every contact here either has a login already or has no email address.
              </Alert>
            ) : null}
            <Checkbox.Group
              label="Contacts"
              description="Contacts with a login already, or without an email address, cannot be invited."
              value={selected}
              onChange={setSelected}
              error={problems.contacts ?? fields.contactIds}
            >
              <Stack gap="xs" mt="xs">
                {ordered.map((c) => {
                  const reason = whyNot(c);
                  return (
                    <Checkbox
                      key={c.id}
                      value={String(c.id)}
                      disabled={reason !== null}
                      label={c.email ? `${c.name} (${c.email})` : c.name}
                      description={reason ?? undefined}
                      data-testid={`invite-contact-${c.id}`}
                    />
                  );
                })}
              </Stack>
            </Checkbox.Group>
            {invitable.length > 1 ? (
              <Group gap="xs">
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setSelected(invitable.map((c) => String(c.id)))}
                >
                  Choose all {invitable.length} who can be invited
                </Button>
                {selected.length > 0 ? (
                  <Button variant="subtle" size="compact-sm" onClick={() => setSelected([])}>
                    Clear
                  </Button>
                ) : null}
              </Group>
            ) : null}

            <Radio.Group
              label="How do they get in?"
              value={method}
              onChange={(v) => setMethod(inviteMethods.find((m) => m === v) ?? 'email')}
            >
              <Stack gap="sm" mt="xs">
                {inviteMethods.map((m) => (
                  <Radio
                    key={m}
                    value={m}
                    label={inviteMethodLabels[m]}
                    description={methodHelp[m]}
                    data-testid={`invite-method-${m}`}
                  />
                ))}
              </Stack>
            </Radio.Group>

            {method === 'password' ? (
              <PasswordInput
                label="Password for them"
                description="Several unrelated words make a strong password. Common passwords are refused."
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={problems.password ?? fields.password}
                required
                data-testid="invite-password"
              />
            ) : null}

            {invite.isError && !fields.password ? (
              <Alert color="red" title="Nobody was invited" role="alert">
                {errorMessage(invite.error)}
              </Alert>
            ) : null}

            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={invite.isPending}
                disabled={invitable.length === 0}
                data-testid="invite-submit"
              >
                {method === 'email' ? 'Send invitations' : 'Create logins'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function InviteResults({ results, onClose }: { results: InviteResult[]; onClose: () => void }) {
  const generated = results.some((r) => r.generatedPassword);
  return (
    <Stack gap="md" data-testid="invite-results">
      {generated ? (
        <Alert color="yellow" title="Copy these passwords now" role="status">
          They are shown only this once and are not stored anywhere readable. Give each person their password
          securely; they choose a new one when they first sign in.
        </Alert>
      ) : null}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {results.map((r) => (
          <li key={r.contactId} data-testid={`invite-result-${r.contactId}`}>
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{r.name}</Text>
                <Badge color={statusWords[r.status].color} variant="light">
                  {statusWords[r.status].label}
                </Badge>
              </Group>
              {r.message ? (
                <Text size="sm" c="dimmed">
                  {r.message}
                </Text>
              ) : null}
              {r.generatedPassword ? (
                <Group gap="xs" wrap="wrap">
                  <Code
                    fz="md"
                    data-testid={`generated-password-${r.contactId}`}
                    style={{ wordBreak: 'break-all' }}
                  >
                    {r.generatedPassword}
                  </Code>
                  <CopyButton value={r.generatedPassword}>
                    {({ copied, copy }) => (
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={copy}
                        aria-label={`Copy the password for ${r.name}`}
                      >
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              ) : null}
            </Stack>
          </li>
        ))}
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onClose} data-testid="invite-done">
          Done
        </Button>
      </Group>
    </Stack>
  );
}
