import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

function dayFrom(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const ENDS_IN_DAYS = 21;
const NOTIFY = ['primary@acme.example', 'technical@acme.example'];

/**
 * Alerts in the demo (issue 14, point 9): Acme's meeting room AV contract ends in three weeks, and its
 * contacts to notify have the contract ending notice in their bell, as the daily run left it (the
 * 30-day alert fired, the 60-day one passed with it). The next daily run finds both recorded and sends
 * nothing again; the 7-day alert follows in two weeks. Returns the contracts written (1, or 0 without Acme).
 */
export async function insertDemoAlerts(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const at = now.toISOString();
  const acme = await db
    .selectFrom('clients')
    .select('id')
    .where('name', '=', 'Acme Manufacturing')
    .executeTakeFirst();
  if (!acme) return 0;
  const name = 'Meeting room AV support';
  const endDate = dayFrom(now, ENDS_IN_DAYS);
  const { id } = await db
    .insertInto('contracts')
    .values({
      client_id: acme.id,
      name,
      type: 'maintenance',
      scope: 'Projectors, screens and the video conferencing kit in the two Acme meeting rooms.',
      sla_policy_id: null,
      sla_calendar_id: null,
      all_sites: 1,
      start_date: dayFrom(now, ENDS_IN_DAYS - 365),
      end_date: endDate,
      renewal_date: null,
      auto_renew: 0,
      notice_days: 30,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contacts = await db
    .selectFrom('contacts')
    .leftJoin('accounts', 'accounts.contact_id', 'contacts.id')
    .select(['contacts.id', 'accounts.id as account_id'])
    .where('contacts.email', 'in', NOTIFY)
    .where('contacts.client_id', '=', acme.id)
    .execute();
  if (!contacts.length) return 1;
  await db
    .insertInto('contract_contacts')
    .values(contacts.map((c) => ({ contract_id: id, contact_id: c.id })))
    .execute();
  await db
    .insertInto('alert_deliveries')
    .values(
      [30, 60].map((threshold) => ({
        kind: 'contractEnding',
        subject_id: id,
        threshold,
        period_key: endDate,
        client_id: acme.id,
        created_at: at,
      })),
    )
    .execute();
  const notices = contacts.flatMap((c) =>
    c.account_id === null
      ? []
      : [
          {
            account_id: c.account_id,
            client_id: acme.id,
            kind: 'contractEnding',
            params: JSON.stringify({ contract: name, endDate, days: ENDS_IN_DAYS }),
            link: '/contracts',
            created_at: at,
            read_at: null,
          },
        ],
  );
  if (notices.length) await db.insertInto('notices').values(notices).execute();
  return 1;
}
