import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

/** A calendar date `days` from `from` ('YYYY-MM-DD'). */
function dayFrom(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const CLIENT = 'Birchwood Dental';
const TICKET = 'X-ray workstation cannot reach the imaging server';

/**
 * Consent before overage in the demo (issue 14, point 8): Birchwood's block of project hours for the
 * practice network (6 hours, bought when it began), used up by the X-ray workstation ticket's approved
 * time and 45 minutes over; the technician estimates 10 hours, so the ticket asks the practice to approve
 * 3.25 hours more at the overage rate, and George (technical) can answer it in the portal.
 *
 * The contract covers the head office site only, so it never becomes the contract new tickets are
 * opened under (that is the client's contract covering all sites). Returns how many contracts it wrote.
 */
export async function insertDemoOverage(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const at = now.toISOString();
  const client = await db
    .selectFrom('clients')
    .select(['id', 'currency'])
    .where('name', '=', CLIENT)
    .executeTakeFirst();
  const ticket = await db.selectFrom('tickets').select('id').where('subject', '=', TICKET).executeTakeFirst();
  const admin = await db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', 'admin@portico.example')
    .executeTakeFirst();
  const site = client
    ? await db.selectFrom('client_sites').select('id').where('client_id', '=', client.id).executeTakeFirst()
    : undefined;
  if (!client || !ticket || !admin || !site) return 0;
  const { currency } = client;
  const { id: contractId } = await db
    .insertInto('contracts')
    .values({
      client_id: client.id,
      name: 'Project hours: practice network',
      type: 'block-hours',
      scope: 'A block of 6 hours for rewiring the practice network; more only with the practice’s approval.',
      sla_policy_id: null,
      sla_calendar_id: null,
      all_sites: 0,
      start_date: dayFrom(now, -45),
      end_date: dayFrom(now, 320),
      renewal_date: null,
      auto_renew: 0,
      notice_days: null,
      status: 'active',
      created_at: at,
      updated_at: at,
      currency,
      rate_minor: 9500,
      bank_kind: 'prepaid',
      bank_period: 'monthly',
      overage_rate_minor: 12000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('contract_sites').values({ contract_id: contractId, site_id: site.id }).execute();
  await db
    .insertInto('hour_blocks')
    .values({
      contract_id: contractId,
      purchased_on: dayFrom(now, -45),
      minutes: 360,
      expires_on: null,
      note: '',
      created_at: at,
    })
    .execute();
  await db.updateTable('tickets').set({ contract_id: contractId }).where('id', '=', ticket.id).execute();
  // 6 h 45 min of approved work: the block and 45 minutes beyond it.
  for (const [days, minutes, note] of [
    [-3, 150, 'Traced the imaging server outage to the surgery 2 switch'],
    [-2, 135, 'Replaced the switch, re-patched surgery 2'],
    [-1, 120, 'Re-terminated the cabling to surgery 2'],
  ] as const) {
    await db
      .insertInto('time_entries')
      .values({
        ticket_id: ticket.id,
        client_id: client.id,
        contract_id: contractId,
        account_id: admin.id,
        entry_date: dayFrom(now, days),
        actual_minutes: minutes,
        billed_minutes: minutes,
        billable: 1,
        rate_minor: 9500,
        currency,
        amount_minor: Math.round((9500 * minutes) / 60),
        rate_source: 'contract',
        note,
        status: 'approved',
        approved_at: at,
        approved_by: admin.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  await db
    .insertInto('ticket_estimates')
    .values({ ticket_id: ticket.id, minutes: 600, set_by_account_id: admin.id, updated_at: at })
    .execute();
  // 10 h estimated less 6 h 45 min approved: 3 h 15 min still to do, nothing left in the block.
  await db
    .insertInto('overage_requests')
    .values({
      ticket_id: ticket.id,
      contract_id: contractId,
      extra_minutes: 195,
      rate_minor: 12000,
      currency,
      trigger: 'estimate',
      status: 'pending',
      requested_by_account_id: admin.id,
      requested_at: at,
      decided_by_contact_id: null,
      decided_by_name: null,
      decided_at: null,
      decided_ip: null,
      comment: null,
      withdrawn_at: null,
    })
    .execute();
  return 1;
}
