import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import {
  type CreatedInviteLink,
  INVITE_LINK_DEFAULT_DAYS,
  INVITE_LINK_MAX_DAYS,
  type InviteLink,
  type InviteLinkStatus,
  inviteLinkStatusLabels,
} from '../../../../shared/schemas/invitations.ts';
import { useMe } from '../../../api/auth.ts';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useBrandingContext } from '../../../ui/branding-context.ts';
import { formatDate } from '../../../ui/format-date.ts';
import { ErrorState, PageLoader } from '../../../ui/states.tsx';
import { useSubmitOnce } from '../../../ui/use-submit-once.ts';
import { useCreateInviteLink, useInviteLinks, useRevokeInviteLink } from './api.ts';

export interface InviteLinksPanelProps {
  clientId: number;
}

const statusColor: Record<InviteLinkStatus, string> = {
  active: 'green',
  expired: 'gray',
  'used-up': 'orange',
  revoked: 'red',
};

/**
 * Shareable links that let anyone who holds one create a Standard portal login for this client.
 * The address is shown once, when the link is made: only its hash is kept.
 */
export function InviteLinksPanel(props: InviteLinksPanelProps) {
  const [created, setCreated] = useState<CreatedInviteLink | null>(null);
  const me = useMe();
  const canManage = me.data?.kind === 'staff' && me.data.permissions.includes('clients:manage');
  return (
    <Stack gap="md" data-testid="invite-links-panel">
      <Text size="sm" c="dimmed">
        Anyone with an active link can create their own portal login for this client, with the Standard
        permissions. Share it only with people who should have access.
      </Text>
      {canManage ? <CreateLinkForm clientId={props.clientId} onCreated={setCreated} /> : null}
      {created ? <NewLink created={created} onDismiss={() => setCreated(null)} /> : null}
      <LinkList clientId={props.clientId} canManage={canManage} />
    </Stack>
  );
}

function CreateLinkForm({
  clientId,
  onCreated,
}: {
  clientId: number;
  onCreated: (link: CreatedInviteLink) => void;
}) {
  const create = useSubmitOnce(useCreateInviteLink(clientId));
  const [days, setDays] = useState<number | string>(INVITE_LINK_DEFAULT_DAYS);
  const [maxUses, setMaxUses] = useState<number | string>('');
  const [problems, setProblems] = useState<{ days?: string; maxUses?: string }>({});
  const fields = create.error instanceof ApiError ? create.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const d = typeof days === 'number' ? days : Number.NaN;
    const u = maxUses === '' ? null : typeof maxUses === 'number' ? maxUses : Number.NaN;
    const next = {
      ...(!Number.isInteger(d) || d < 1 || d > INVITE_LINK_MAX_DAYS
        ? { days: `Enter a whole number of days from 1 to ${INVITE_LINK_MAX_DAYS}` }
        : {}),
      ...(u !== null && (!Number.isInteger(u) || u < 1)
        ? { maxUses: 'Enter a whole number, or leave empty' }
        : {}),
    };
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(
      { expiresInDays: d, maxUses: u },
      {
        onSuccess: (link) => {
          onCreated(link);
          setMaxUses('');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create an invite link">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NumberInput
          label="Expires after (days)"
          min={1}
          max={INVITE_LINK_MAX_DAYS}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          error={problems.days ?? fields.expiresInDays}
          w={{ base: '100%', xs: 180 }}
          data-testid="invite-link-days"
        />
        <NumberInput
          label="Maximum uses"
          description="Empty: no limit"
          min={1}
          allowDecimal={false}
          value={maxUses}
          onChange={setMaxUses}
          error={problems.maxUses ?? fields.maxUses}
          w={{ base: '100%', xs: 180 }}
          data-testid="invite-link-max-uses"
        />
        <Button type="submit" loading={create.isPending} data-testid="invite-link-create">
          Create link
        </Button>
      </Group>
      {create.isError && Object.keys(fields).length === 0 ? (
        <Alert color="red" mt="sm" role="alert" title="The link was not created">
          {errorMessage(create.error)}
        </Alert>
      ) : null}
    </form>
  );
}

function NewLink({ created, onDismiss }: { created: CreatedInviteLink; onDismiss: () => void }) {
  return (
    <Alert color="green" title="Link created: copy it now" role="status" data-testid="invite-link-created">
      <Stack gap="xs">
        <Text size="sm">
          For security the address is shown only this once. Copy it and send it to the people who should join.
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label="Invite link"
            value={created.url}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="invite-link-url"
          />
          <CopyButton value={created.url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} data-testid="invite-link-copy">
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={onDismiss}>
            I have copied it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function LinkList({ clientId, canManage }: { clientId: number; canManage: boolean }) {
  const links = useInviteLinks(clientId);
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  if (links.isPending) return <PageLoader label="Loading invite links" />;
  if (links.isError) {
    return (
      <ErrorState
        title="Could not load invite links"
        error={links.error}
        onRetry={() => void links.refetch()}
      />
    );
  }
  const items = links.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="invite-links-empty">
        No invite links yet.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Invite links">
        {items.map((link) => (
          <li key={link.id}>
            <LinkRow link={link} onRevoke={canManage ? () => setRevoking(link) : null} />
          </li>
        ))}
      </Stack>
      {links.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            onClick={() => void links.fetchNextPage()}
            loading={links.isFetchingNextPage}
          >
            Show older links
          </Button>
        </Group>
      ) : null}
      {revoking ? (
        <RevokeDialog clientId={clientId} link={revoking} onClose={() => setRevoking(null)} />
      ) : null}
    </Stack>
  );
}

function LinkRow({ link, onRevoke }: { link: InviteLink; onRevoke: (() => void) | null }) {
  const branding = useBrandingContext();
  const date = (iso: string) => formatDate(new Date(iso), branding.dateFormat, branding.timeZone);
  const uses =
    link.maxUses === null ? `${link.uses} used (no limit)` : `${link.uses} of ${link.maxUses} used`;
  const ended = link.status === 'expired' || link.status === 'revoked';
  return (
    <Paper withBorder p="sm" data-testid={`invite-link-${link.id}`}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Badge
              color={statusColor[link.status]}
              variant="light"
              data-testid={`invite-link-status-${link.id}`}
            >
              {inviteLinkStatusLabels[link.status]}
            </Badge>
            <Text size="sm">{uses}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {link.status === 'revoked' && link.revokedAt
              ? `Revoked ${date(link.revokedAt)}`
              : `${ended ? 'Expired' : 'Expires'} ${date(link.expiresAt)}`}
            {` · created ${date(link.createdAt)}${link.createdBy ? ` by ${link.createdBy}` : ''}`}
          </Text>
        </Stack>
        {onRevoke && (link.status === 'active' || link.status === 'used-up') ? (
          <Button
            variant="subtle"
            color="red"
            size="compact-sm"
            onClick={onRevoke}
            data-testid={`invite-link-revoke-${link.id}`}
          >
            Revoke
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}

function RevokeDialog({
  clientId,
  link,
  onClose,
}: {
  clientId: number;
  link: InviteLink;
  onClose: () => void;
}) {
  const revoke = useRevokeInviteLink(clientId);
  return (
    <Modal opened onClose={onClose} title="Revoke this invite link?">
      <Stack gap="md">
        <Text size="sm">
          Nobody can join with it afterwards. People who already joined keep their logins.
        </Text>
        {revoke.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(revoke.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() => revoke.mutate(link.id, { onSuccess: onClose })}
            data-testid="invite-link-revoke-confirm"
          >
            Revoke link
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
