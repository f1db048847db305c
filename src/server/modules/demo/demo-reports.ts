import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { nextRunAfter } from '../../platform/schedules.ts';
import { frequencyCron, REPORT_JOB_KIND } from '../reports/reports.service.ts';

/**
 * A scheduled report for the demo (issue 14, point 12): Acme's monthly service summary as a PDF to its
 * primary and technical contacts, on the first of each month at 07:00 in the client's time zone (the
 * organisation's when the client has none). Its timing is the job_schedules row `report:<id>`, as
 * `schedules.create` writes it.
 */
export async function insertDemoReportSchedule(db: DbOrTrx, clock: Clock): Promise<number> {
  const client = await db
    .selectFrom('clients')
    .select(['id', 'time_zone'])
    .where('name', '=', 'Acme Manufacturing')
    .executeTakeFirst();
  if (!client) return 0;
  const org = await db.selectFrom('organisation').select('settings').executeTakeFirst();
  const orgZone = org ? (JSON.parse(org.settings) as { timeZone?: string }).timeZone : undefined;
  const at = clock().toISOString();
  const zone = client.time_zone ?? orgZone ?? 'UTC';
  const row = await db
    .insertInto('report_schedules')
    .values({
      client_id: client.id,
      report: 'summary',
      frequency: 'monthly',
      format: 'pdf',
      recipients: JSON.stringify(['primary@acme.example', 'technical@acme.example']),
      created_by_account_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const next = nextRunAfter(frequencyCron.monthly, zone, clock()) ?? clock();
  await db
    .insertInto('job_schedules')
    .values({
      name: `report:${row.id}`,
      kind: REPORT_JOB_KIND,
      cron: frequencyCron.monthly,
      timezone: zone,
      payload: JSON.stringify({ scheduleId: row.id }),
      source: 'stored',
      client_id: client.id,
      created_by_account_id: null,
      next_run_at: next.toISOString(),
      created_at: at,
      updated_at: at,
    })
    .execute();
  return 1;
}
