import { Alert, Button, Card, Group, Menu, ScrollArea, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/i18n/i18n.ts';
import { ticketStatusKeys } from '../../../shared/i18n/labels.ts';
import { type TicketStatus, ticketStatuses } from '../../../shared/schemas/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { isolate } from '../isolate.ts';
import { useAssignees, useBulkUpdate } from './api/tickets.ts';
import { bulkResultMessage } from './selection.ts';

interface BulkBarProps {
  selected: number[];
  hiddenCount: number;
  onClear: () => void;
  onDone: (message: Message) => void;
}

/** Actions on the selected tickets: assign (or unassign) and set a status, through POST /tickets/bulk. */
export function BulkBar({ selected, hiddenCount, onClear, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const assignees = useAssignees();
  const bulk = useBulkUpdate();
  const count = selected.length;

  const run = (change: { status?: TicketStatus; assigneeAccountId?: number | null }, what: string) => {
    const ids = [...selected];
    bulk
      .mutateAsync({ ids, ...change })
      .then((result) => onDone(bulkResultMessage(ids.length, result.updated, what)))
      .catch(() => {
        // Shown below from bulk.error.
      });
  };

  return (
    <Card
      withBorder
      padding="sm"
      mb="sm"
      data-testid="bulk-bar"
      component="section"
      aria-label={t('staffApp:tickets.bulk.label')}
    >
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600} role="status" data-testid="bulk-count">
          {hiddenCount > 0
            ? t('staffApp:tickets.bulk.selectedHidden', { count, hidden: hiddenCount })
            : t('staffApp:tickets.bulk.selected', { count })}
        </Text>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="light" loading={bulk.isPending} data-testid="bulk-assign">
              {t('staffApp:tickets.bulk.assign')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <ScrollArea.Autosize mah={280} type="auto">
              <Menu.Label>{t('staffApp:tickets.bulk.assignLabel', { count })}</Menu.Label>
              {assignees.isPending ? (
                <Menu.Item disabled>{t('staffApp:tickets.bulk.loadingStaff')}</Menu.Item>
              ) : null}
              {assignees.isError ? (
                <Menu.Item disabled>{t('staffApp:tickets.pickers.staffError')}</Menu.Item>
              ) : null}
              {(assignees.data?.items ?? []).map((a) => (
                <Menu.Item
                  key={a.accountId}
                  onClick={() =>
                    run(
                      { assigneeAccountId: a.accountId },
                      t('staffApp:tickets.bulk.assignedTo', { name: isolate(a.name) }),
                    )
                  }
                  data-testid={`bulk-assign-${a.accountId}`}
                >
                  <bdi>{a.name}</bdi>
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item
                onClick={() => run({ assigneeAccountId: null }, t('staffApp:tickets.bulk.unassigned'))}
                data-testid="bulk-unassign"
              >
                {t('staffApp:tickets.bulk.unassign')}
              </Menu.Item>
            </ScrollArea.Autosize>
          </Menu.Dropdown>
        </Menu>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="light" loading={bulk.isPending} data-testid="bulk-status">
              {t('staffApp:tickets.bulk.setStatus')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('staffApp:tickets.bulk.setStatusLabel')}</Menu.Label>
            {ticketStatuses.map((s) => (
              <Menu.Item
                key={s}
                onClick={() =>
                  run({ status: s }, t('staffApp:tickets.bulk.statusSet', { status: t(ticketStatusKeys[s]) }))
                }
                data-testid={`bulk-status-${s}`}
              >
                {t(ticketStatusKeys[s])}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button size="xs" variant="subtle" onClick={onClear} data-testid="bulk-clear">
          {t('staffApp:tickets.bulk.clear')}
        </Button>
      </Group>
      {bulk.isError ? (
        <Alert
          color="red"
          mt="sm"
          role="alert"
          title={t('staffApp:tickets.bulk.failed')}
          data-testid="bulk-error"
        >
          {errorMessage(bulk.error)}
        </Alert>
      ) : null}
    </Card>
  );
}
