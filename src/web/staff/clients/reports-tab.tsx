import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { ActivityHistory } from '../../ui/reports/activity-history.tsx';
import { MonthlySummaryView } from '../../ui/reports/monthly-summary.tsx';
import { ReportSchedules } from '../../ui/reports/report-schedules.tsx';

/** The client's monthly service summary (issue 14, point 11), as the client's contacts see it. */
export function ReportsTab({ client }: { client: ClientResponse }) {
  return <MonthlySummaryView scope={{ kind: 'staff', clientId: client.id }} />;
}

/** The client's activity history (issue 14, point 10), with internal notes marked. */
export function ActivityTab({ client }: { client: ClientResponse }) {
  return (
    <ActivityHistory
      scope={{ kind: 'staff', clientId: client.id }}
      ticketHref={(id) => `/staff/tickets/${id}`}
    />
  );
}

/** The client's scheduled reports (issue 14, point 12); the tab is shown to staff with clients:manage. */
export function SchedulesTab({ client }: { client: ClientResponse }) {
  return <ReportSchedules scope={{ kind: 'staff', clientId: client.id }} />;
}
