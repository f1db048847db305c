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
import { useTranslation } from 'react-i18next';
import {
  type CreatedInviteLink,
  INVITE_LINK_DEFAULT_DAYS,
  INVITE_LINK_MAX_DAYS,
  type InviteLink,
  type InviteLinkStatus,
} from '../../../../shared/schemas/invitations.ts';
import { useMe } from '../../../api/auth.ts';
import { ApiError, errorMessage } from '../../../api/client.ts';
import { useFormat } from '../../../ui/i18n/use-format.ts';
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

const statusKeys: Record<InviteLinkStatus, `staffAdmin:${string}`> = {
  active: 'staffAdmin:links.status.active',
  expired: 'staffAdmin:links.status.expired',
  'used-up': 'staffAdmin:links.status.usedUp',
  revoked: 'staffAdmin:links.status.revoked',
};

/**
 * Shareable links that let anyone who holds one create a Standard portal login for this client.
 * The address is shown once, when the link is made: only its hash is kept.
 */
export function InviteLinksPanel(props: InviteLinksPanelProps) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<CreatedInviteLink | null>(null);
  const me = useMe();
  const canManage = me.data?.kind === 'staff' && me.data.permissions.includes('clients:manage');
  return (
    <Stack gap="md" data-testid="invite-links-panel">
      <Text size="sm" c="dimmed">
        {t('staffAdmin:links.intro')}
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
  const { t } = useTranslation();
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
        ? { days: t('staffAdmin:links.daysProblem', { max: INVITE_LINK_MAX_DAYS }) }
        : {}),
      ...(u !== null && (!Number.isInteger(u) || u < 1)
        ? { maxUses: t('staffAdmin:links.maxUsesProblem') }
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
    <form onSubmit={onSubmit} noValidate aria-label={t('staffAdmin:links.createLabel')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NumberInput
          label={t('staffAdmin:links.days')}
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
          label={t('staffAdmin:links.maxUses')}
          description={t('staffAdmin:links.maxUsesHelp')}
          min={1}
          allowDecimal={false}
          value={maxUses}
          onChange={setMaxUses}
          error={problems.maxUses ?? fields.maxUses}
          w={{ base: '100%', xs: 180 }}
          data-testid="invite-link-max-uses"
        />
        <Button type="submit" loading={create.isPending} data-testid="invite-link-create">
          {t('staffAdmin:links.create')}
        </Button>
      </Group>
      {create.isError && Object.keys(fields).length === 0 ? (
        <Alert color="red" mt="sm" role="alert" title={t('staffAdmin:links.notCreated')}>
          {errorMessage(create.error)}
        </Alert>
      ) : null}
    </form>
  );
}

function NewLink({ created, onDismiss }: { created: CreatedInviteLink; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="green"
      title={t('staffAdmin:links.createdTitle')}
      role="status"
      data-testid="invite-link-created"
    >
      <Stack gap="xs">
        <Text size="sm">{t('staffAdmin:links.createdBody')}</Text>
        <Group gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label={t('staffAdmin:links.link')}
            dir="ltr"
            value={created.url}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            style={{ flex: 1, minWidth: 0 }}
            data-testid="invite-link-url"
          />
          <CopyButton value={created.url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} data-testid="invite-link-copy">
                {copied ? t('staffAdmin:copied') : t('staffAdmin:copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={onDismiss}>
            {t('staffAdmin:links.copiedIt')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function LinkList({ clientId, canManage }: { clientId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const links = useInviteLinks(clientId);
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  if (links.isPending) return <PageLoader label={t('staffAdmin:links.loading')} />;
  if (links.isError) {
    return (
      <ErrorState
        title={t('staffAdmin:links.loadError')}
        error={links.error}
        onRetry={() => void links.refetch()}
      />
    );
  }
  const items = links.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="invite-links-empty">
        {t('staffAdmin:links.empty')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Stack
        gap="xs"
        component="ul"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('staffAdmin:links.listLabel')}
      >
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
            {t('staffAdmin:links.older')}
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
  const { t } = useTranslation();
  const format = useFormat();
  const date = (iso: string) => format.date(iso);
  const uses =
    link.maxUses === null
      ? t('staffAdmin:links.usesUnlimited', { count: link.uses })
      : t('staffAdmin:links.usesOf', { count: link.uses, max: link.maxUses });
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
              {t(statusKeys[link.status])}
            </Badge>
            <Text size="sm">{uses}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {link.status === 'revoked' && link.revokedAt
              ? t('staffAdmin:links.revokedOn', { date: date(link.revokedAt) })
              : ended
                ? t('staffAdmin:links.expiredOn', { date: date(link.expiresAt) })
                : t('staffAdmin:links.expiresOn', { date: date(link.expiresAt) })}
            {' · '}
            {link.createdBy
              ? t('staffAdmin:links.createdBy', { date: date(link.createdAt), name: link.createdBy })
              : t('staffAdmin:links.createdOn', { date: date(link.createdAt) })}
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
            {t('staffAdmin:links.revoke')}
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
  const { t } = useTranslation();
  const revoke = useRevokeInviteLink(clientId);
  return (
    <Modal opened onClose={onClose} title={t('staffAdmin:links.revokeTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('staffAdmin:links.revokeBody')}</Text>
        {revoke.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(revoke.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('staffAdmin:links.keep')}
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() => revoke.mutate(link.id, { onSuccess: onClose })}
            data-testid="invite-link-revoke-confirm"
          >
            {t('staffAdmin:links.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
