import { Alert, Button, Card, Group, Menu, ScrollArea, Text } from '@mantine/core';
import { type TicketStatus, ticketStatuses, ticketStatusLabels } from '../../../shared/schemas/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { useAssignees, useBulkUpdate } from './api/tickets.ts';
import { bulkResultMessage } from './selection.ts';

interface BulkBarProps {
  selected: number[];
  hiddenCount: number;
  onClear: () => void;
  onDone: (message: string) => void;
}

/** Actions on the selected tickets: assign (or unassign) and set a status, through POST /tickets/bulk. */
export function BulkBar({ selected, hiddenCount, onClear, onDone }: BulkBarProps) {
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
      aria-label="Bulk actions"
    >
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600} role="status" data-testid="bulk-count">
          {count} {count === 1 ? 'ticket' : 'tickets'} selected
          {hiddenCount > 0 ? ` (${hiddenCount} no longer shown here)` : ''}
        </Text>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="light" loading={bulk.isPending} data-testid="bulk-assign">
              Assign to…
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <ScrollArea.Autosize mah={280} type="auto">
              <Menu.Label>Assign {count === 1 ? 'it' : 'them'} to</Menu.Label>
              {assignees.isPending ? <Menu.Item disabled>Loading staff…</Menu.Item> : null}
              {assignees.isError ? <Menu.Item disabled>Could not load the staff list</Menu.Item> : null}
              {(assignees.data?.items ?? []).map((a) => (
                <Menu.Item
                  key={a.accountId}
                  onClick={() => run({ assigneeAccountId: a.accountId }, `Assigned to ${a.name}`)}
                  data-testid={`bulk-assign-${a.accountId}`}
                >
                  {a.name}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item
                onClick={() => run({ assigneeAccountId: null }, 'Unassigned')}
                data-testid="bulk-unassign"
              >
                Nobody (unassign)
              </Menu.Item>
            </ScrollArea.Autosize>
          </Menu.Dropdown>
        </Menu>
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="light" loading={bulk.isPending} data-testid="bulk-status">
              Set status…
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Set the status to</Menu.Label>
            {ticketStatuses.map((s) => (
              <Menu.Item
                key={s}
                onClick={() => run({ status: s }, `Status set to ${ticketStatusLabels[s]}`)}
                data-testid={`bulk-status-${s}`}
              >
                {ticketStatusLabels[s]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button size="xs" variant="subtle" onClick={onClear} data-testid="bulk-clear">
          Clear selection
        </Button>
      </Group>
      {bulk.isError ? (
        <Alert color="red" mt="sm" role="alert" title="Nothing was changed" data-testid="bulk-error">
          {errorMessage(bulk.error)}
        </Alert>
      ) : null}
    </Card>
  );
}
