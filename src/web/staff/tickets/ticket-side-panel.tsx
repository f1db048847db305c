import { Card, Divider, Group, Select, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ticketPriorityKeys, ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import {
  type TicketDetail,
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
  ticketStatuses,
} from '../../../shared/schemas/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { SlaTimers } from '../../ui/sla/index.ts';
import { type PatchLabels, type TicketChange, usePatchTicket, useTicketFormOptions } from './api/tickets.ts';
import { MergeButton } from './merge-dialog.tsx';
import { AssigneeSelect } from './pickers.tsx';
import { TicketRatingCard } from './ticket-rating.tsx';
import { SlaDetails } from './ticket-sla-details.tsx';
import { Watchers } from './watchers.tsx';

const raisedKeys = {
  portal: 'staffApp:tickets.facts.raised.portal',
  staff: 'staffApp:tickets.facts.raised.staff',
  email: 'staffApp:tickets.facts.raised.email',
} as const satisfies Record<TicketDetail['source'], `staffApp:${string}`>;

/** One field's saving state, said in words next to it (polite live region). */
function useFieldPatch(ticketId: number) {
  const { t } = useTranslation();
  const patch = usePatchTicket(ticketId);
  const { isSuccess, reset } = patch;
  // "Saved" shows for a few seconds, then gets out of the way.
  useEffect(() => {
    if (!isSuccess) return;
    const timer = setTimeout(reset, 4000);
    return () => clearTimeout(timer);
  }, [isSuccess, reset]);
  const save = (change: TicketChange, labels?: PatchLabels) =>
    patch.mutate({ patch: change, labels: labels ?? {} });
  const feedback: ReactNode = patch.isPending ? (
    <Text size="xs" c="dimmed">
      {t('staffApp:tickets.fields.saving')}
    </Text>
  ) : patch.isError ? (
    <Text size="xs" c="red" role="alert">
      {t('staffApp:tickets.fields.notSaved', { reason: errorMessage(patch.error) })}
    </Text>
  ) : patch.isSuccess ? (
    <Text size="xs" c="teal">
      {t('staffApp:tickets.fields.saved')}
    </Text>
  ) : null;
  return { save, feedback, pending: patch.isPending };
}

function Feedback({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <div aria-live="polite" data-testid={testId}>
      {children}
    </div>
  );
}

/** Status, priority, category and assignee (changed in place), and the live SLA timers. */
export function TicketFields({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const readOnly = !ticket.can.manage;
  const status = useFieldPatch(ticket.id);
  const priority = useFieldPatch(ticket.id);
  const category = useFieldPatch(ticket.id);
  const assignee = useFieldPatch(ticket.id);
  const site = useFieldPatch(ticket.id);
  const options = useTicketFormOptions(ticket.clientId);
  const categories = (options.data?.categories ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  if (ticket.categoryId !== null && !categories.some((c) => c.value === String(ticket.categoryId))) {
    categories.unshift({
      value: String(ticket.categoryId),
      label: ticket.categoryName ?? t('staffApp:tickets.fields.archivedCategory'),
    });
  }

  const sites = (options.data?.sites ?? []).map((s) => ({ value: String(s.id), label: s.label }));
  if (ticket.site && !sites.some((s) => s.value === String(ticket.site?.id))) {
    sites.unshift({ value: String(ticket.site.id), label: ticket.site.label });
  }
  // The server chooses the covering contract again only while the ticket is being worked on.
  const finished = ticket.status === 'resolved' || ticket.status === 'closed';

  if (readOnly) return <ReadOnlyFields ticket={ticket} />;

  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap="sm">
          <div>
            <Select
              label={t('staffApp:tickets.fields.status')}
              data={ticketStatuses.map((s) => ({ value: s, label: t(ticketStatusKeys[s]) }))}
              value={ticket.status}
              onChange={(v) => v && v !== ticket.status && status.save({ status: v as TicketStatus })}
              allowDeselect={false}
              data-testid="field-status"
            />
            <Feedback testId="field-status-feedback">{status.feedback}</Feedback>
          </div>
          <div>
            <Select
              label={t('staffApp:tickets.fields.priority')}
              data={ticketPriorities.map((p) => ({ value: p, label: t(ticketPriorityKeys[p]) }))}
              value={ticket.priority}
              onChange={(v) => v && v !== ticket.priority && priority.save({ priority: v as TicketPriority })}
              allowDeselect={false}
              data-testid="field-priority"
            />
            <Feedback testId="field-priority-feedback">{priority.feedback}</Feedback>
          </div>
          <div>
            <Select
              label={t('staffApp:tickets.fields.category')}
              placeholder={t('staffApp:tickets.fields.noCategory')}
              data={categories}
              value={ticket.categoryId === null ? null : String(ticket.categoryId)}
              onChange={(v, option) => {
                const categoryId = v ? Number(v) : null;
                if (categoryId !== ticket.categoryId) {
                  category.save({ categoryId }, { categoryName: option?.label ?? null });
                }
              }}
              clearable
              data-testid="field-category"
            />
            <Feedback testId="field-category-feedback">{category.feedback}</Feedback>
          </div>
          <div>
            <AssigneeSelect
              label={t('staffApp:tickets.fields.assignee')}
              placeholder={t('staffApp:tickets.fields.unassigned')}
              value={ticket.assigneeAccountId}
              onChange={(assigneeAccountId, name) => {
                if (assigneeAccountId !== ticket.assigneeAccountId) {
                  assignee.save({ assigneeAccountId }, { assigneeName: name });
                }
              }}
              testId="field-assignee"
            />
            <Feedback testId="field-assignee-feedback">{assignee.feedback}</Feedback>
          </div>
          <div>
            <Select
              label={t('staffApp:tickets.site.label')}
              description={
                finished ? t('staffApp:tickets.site.finishedHint') : t('staffApp:tickets.site.openHint')
              }
              placeholder={
                sites.length === 0 ? t('staffApp:tickets.site.noSites') : t('staffApp:tickets.site.none')
              }
              data={sites}
              value={ticket.site ? String(ticket.site.id) : null}
              onChange={(v, option) => {
                const siteId = v ? Number(v) : null;
                if (siteId !== (ticket.site?.id ?? null)) {
                  site.save({ siteId }, { siteLabel: option?.label ?? null });
                }
              }}
              clearable
              disabled={sites.length === 0}
              data-testid="field-site"
            />
            <Feedback testId="field-site-feedback">{site.feedback}</Feedback>
          </div>
        </Stack>
      </Card>

      <SlaCard ticket={ticket} />
    </Stack>
  );
}

/** Time logged, where and when it was raised, watchers and merging (below the conversation on phones). */
export function TicketFacts({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              {t('staffApp:tickets.facts.timeLogged')}
            </Text>
            <Text size="sm" fw={600} data-testid="time-logged">
              <time dateTime={`PT${ticket.timeSpentMinutes ?? 0}M`}>
                {format.duration((ticket.timeSpentMinutes ?? 0) * 60_000)}
              </time>
            </Text>
          </Group>
          <Divider />
          <Text size="sm">
            {t(raisedKeys[ticket.source])}{' '}
            <time dateTime={ticket.createdAt}>{format.dateTime(ticket.createdAt)}</time>
          </Text>
          {ticket.firstResponseAt ? (
            <Text size="sm">
              {t('staffApp:tickets.facts.firstResponse')}{' '}
              <time dateTime={ticket.firstResponseAt}>{format.dateTime(ticket.firstResponseAt)}</time>
            </Text>
          ) : null}
          {ticket.resolvedAt ? (
            <Text size="sm">
              {t('staffApp:tickets.facts.resolved')}{' '}
              <time dateTime={ticket.resolvedAt}>{format.dateTime(ticket.resolvedAt)}</time>
            </Text>
          ) : null}
          {ticket.closedAt ? (
            <Text size="sm">
              {t('staffApp:tickets.facts.closed')}{' '}
              <time dateTime={ticket.closedAt}>{format.dateTime(ticket.closedAt)}</time>
            </Text>
          ) : null}
          {ticket.affected.length > 0 ? (
            <Text size="sm">
              {t('staffApp:tickets.facts.affected')} <span dir="auto">{ticket.affected.join(', ')}</span>
            </Text>
          ) : null}
        </Stack>
      </Card>

      <TicketRatingCard ticket={ticket} />

      <Watchers ticket={ticket} />

      {ticket.can.manage && ticket.mergedIntoId === null ? <MergeButton ticket={ticket} /> : null}
    </Stack>
  );
}

/** The same facts as words, for staff who may read tickets but not change them. */
function ReadOnlyFields({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('staffApp:tickets.fields.status'), t(ticketStatusKeys[ticket.status])],
    [t('staffApp:tickets.fields.priority'), t(ticketPriorityKeys[ticket.priority])],
    [t('staffApp:tickets.fields.category'), ticket.categoryName ?? t('staffApp:tickets.fields.none')],
    [t('staffApp:tickets.fields.assignee'), ticket.assigneeName ?? t('staffApp:tickets.fields.unassigned')],
    [t('staffApp:tickets.site.label'), ticket.site?.label ?? t('staffApp:tickets.fields.none')],
  ];
  return (
    <Stack gap="md">
      <Card withBorder padding="md" data-testid="ticket-fields-readonly">
        <Stack gap="xs" component="dl" m={0}>
          {rows.map(([term, value]) => (
            <Group key={term} justify="space-between" gap="xs" wrap="nowrap">
              <Text component="dt" size="sm" c="dimmed">
                {term}
              </Text>
              <Text component="dd" size="sm" fw={600} m={0} ta="end">
                <bdi>{value}</bdi>
              </Text>
            </Group>
          ))}
        </Stack>
        <Text size="xs" c="dimmed" mt="sm">
          {t('staffApp:tickets.fields.readOnly')}
        </Text>
      </Card>
      <SlaCard ticket={ticket} />
    </Stack>
  );
}

function SlaCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="sla-heading">
      <Title order={2} size="h4" id="sla-heading" mb="xs">
        {t('staffApp:tickets.fields.sla')}
      </Title>
      <SlaTimers sla={ticket.sla} contractName={ticket.contract?.name ?? null} />
      <SlaDetails ticket={ticket} />
    </Card>
  );
}
