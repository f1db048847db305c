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
import { useTranslation } from 'react-i18next';
import {
  type InviteMethod,
  type InviteResult,
  inviteMethods,
} from '../../../../shared/schemas/invitations.ts';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useSubmitOnce } from '../../../ui/use-submit-once.ts';
import type { Translate } from '../client-form.ts';
import { useInviteContacts } from './api.ts';

export interface InviteContactsButtonProps {
  clientId: number;
  contacts: { id: number; name: string; email: string | null; hasLogin: boolean }[];
}

const methodLabel: Record<InviteMethod, `staffAdmin:${string}`> = {
  email: 'staffAdmin:invite.method.email',
  password: 'staffAdmin:invite.method.password',
  generated: 'staffAdmin:invite.method.generated',
};

const methodHelp: Record<InviteMethod, `staffAdmin:${string}`> = {
  email: 'staffAdmin:invite.method.emailHelp',
  password: 'staffAdmin:invite.method.passwordHelp',
  generated: 'staffAdmin:invite.method.generatedHelp',
};

const statusWords: Record<InviteResult['status'], { label: `staffAdmin:${string}`; color: string }> = {
  invited: { label: 'staffAdmin:invite.result.invited', color: 'blue' },
  created: { label: 'staffAdmin:invite.result.created', color: 'green' },
  skipped: { label: 'staffAdmin:invite.result.skipped', color: 'gray' },
};

/** Why a contact cannot be invited (a key to put in words), or null when they can. */
function whyNot(contact: InviteContactsButtonProps['contacts'][number]): `staffAdmin:${string}` | null {
  if (contact.hasLogin) return 'staffAdmin:invite.hasLogin';
  if (!contact.email) return 'staffAdmin:invite.noEmail';
  return null;
}
const reasonText = (reason: `staffAdmin:${string}` | null, t: Translate) => (reason ? t(reason) : undefined);

/** Picks contacts of one client and lets them into the portal: an emailed link, a set or a generated password. */
export function InviteContactsButton(props: InviteContactsButtonProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const invitable = props.contacts.filter((c) => whyNot(c) === null);
  return (
    <>
      <Button onClick={() => setOpened(true)} data-testid="invite-contacts-open">
        {t('staffAdmin:invite.open')}
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
  const { t } = useTranslation();
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
      ...(selected.length === 0 ? { contacts: t('staffAdmin:invite.chooseOne') } : {}),
      ...(method === 'password' && !password ? { password: t('staffAdmin:invite.passwordRequired') } : {}),
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
      title={results ? t('staffAdmin:invite.resultsTitle') : t('staffAdmin:invite.title')}
      size="lg"
      fullScreen={narrow === true}
      data-testid="invite-dialog"
    >
      {results ? (
        <InviteResults results={results} onClose={props.onClose} />
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:invite.formLabel')}>
          <Stack gap="md">
            {invitable.length === 0 ? (
              <Alert color="gray" title={t('staffAdmin:invite.nobodyTitle')}>
                {t('staffAdmin:invite.nobodyBody')}
              </Alert>
            ) : null}
            <Checkbox.Group
              label={t('staffAdmin:invite.contacts')}
              description={t('staffAdmin:invite.contactsHelp')}
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
                      label={<span dir="auto">{c.email ? `${c.name} (${c.email})` : c.name}</span>}
                      description={reasonText(reason, t)}
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
                  {t('staffAdmin:invite.chooseAll', { count: invitable.length })}
                </Button>
                {selected.length > 0 ? (
                  <Button variant="subtle" size="compact-sm" onClick={() => setSelected([])}>
                    {t('staffAdmin:invite.clear')}
                  </Button>
                ) : null}
              </Group>
            ) : null}

            <Radio.Group
              label={t('staffAdmin:invite.how')}
              value={method}
              onChange={(v) => setMethod(inviteMethods.find((m) => m === v) ?? 'email')}
            >
              <Stack gap="sm" mt="xs">
                {inviteMethods.map((m) => (
                  <Radio
                    key={m}
                    value={m}
                    label={t(methodLabel[m])}
                    description={t(methodHelp[m])}
                    data-testid={`invite-method-${m}`}
                  />
                ))}
              </Stack>
            </Radio.Group>

            {method === 'password' ? (
              <PasswordInput
                label={t('staffAdmin:invite.password')}
                description={t('staffAdmin:invite.passwordHelp')}
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={problems.password ?? fields.password}
                required
                data-testid="invite-password"
              />
            ) : null}

            {invite.isError && !fields.password ? (
              <Alert color="red" title={t('staffAdmin:invite.failed')} role="alert">
                {errorMessage(invite.error)}
              </Alert>
            ) : null}

            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                {t('staffAdmin:cancel')}
              </Button>
              <Button
                type="submit"
                loading={invite.isPending}
                disabled={invitable.length === 0}
                data-testid="invite-submit"
              >
                {method === 'email' ? t('staffAdmin:invite.send') : t('staffAdmin:invite.createLogins')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function InviteResults({ results, onClose }: { results: InviteResult[]; onClose: () => void }) {
  const { t } = useTranslation();
  const generated = results.some((r) => r.generatedPassword);
  return (
    <Stack gap="md" data-testid="invite-results">
      {generated ? (
        <Alert color="yellow" title={t('staffAdmin:invite.copyPasswordsTitle')} role="status">
          {t('staffAdmin:invite.copyPasswordsBody')}
        </Alert>
      ) : null}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {results.map((r) => (
          <li key={r.contactId} data-testid={`invite-result-${r.contactId}`}>
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600} dir="auto">
                  {r.name}
                </Text>
                <Badge color={statusWords[r.status].color} variant="light">
                  {t(statusWords[r.status].label)}
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
                        aria-label={t('staffAdmin:invite.copyPasswordFor', { name: r.name })}
                      >
                        {copied ? t('staffAdmin:copied') : t('staffAdmin:copy')}
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
          {t('staffAdmin:done')}
        </Button>
      </Group>
    </Stack>
  );
}
