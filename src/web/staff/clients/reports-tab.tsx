import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import { MonthlySummaryView } from '../../ui/reports/monthly-summary.tsx';

/** The client's monthly service summary (issue 14, point 11), as the client's contacts see it. */
export function ReportsTab({ client }: { client: ClientResponse }) {
  return <MonthlySummaryView scope={{ kind: 'staff', clientId: client.id }} />;
}
