import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { timeRepository } from '../time/time.repository.ts';
import { dayIn, price } from '../time/time.service.ts';

/** Work types for the demo: two with rates (EUR, the demo organisation's money), one internal. */
const demoWorkTypes = [
  { name: 'Remote support', rate_minor: 9_000, currency: 'EUR', billable: 1 },
  { name: 'On-site visit', rate_minor: 12_000, currency: 'EUR', billable: 1 },
  { name: 'Internal admin', rate_minor: null, currency: null, billable: 0 },
] as const;

interface DemoEntry {
  /** Index among the EUR clients' tickets, oldest first. */
  ticket: number;
  who: 'tech@portico.example' | 'admin@portico.example';
  type: number;
  minutes: number;
  daysAgo: number;
  status: 'draft' | 'submitted' | 'approved' | 'invoiced';
  note: string;
}

const demoEntries: DemoEntry[] = [
  {
    ticket: 0,
    who: 'tech@portico.example',
    type: 0,
    minutes: 35,
    daysAgo: 9,
    status: 'invoiced',
    note: 'Diagnosed the VPN drop-outs remotely',
  },
  {
    ticket: 0,
    who: 'tech@portico.example',
    type: 1,
    minutes: 95,
    daysAgo: 8,
    status: 'approved',
    note: 'Replaced the firewall’s power supply on site',
  },
  {
    ticket: 1,
    who: 'admin@portico.example',
    type: 0,
    minutes: 20,
    daysAgo: 5,
    status: 'approved',
    note: 'Reset the mailbox permissions',
  },
  {
    ticket: 1,
    who: 'tech@portico.example',
    type: 2,
    minutes: 15,
    daysAgo: 4,
    status: 'approved',
    note: 'Updated the client’s runbook',
  },
  {
    ticket: 2,
    who: 'tech@portico.example',
    type: 0,
    minutes: 50,
    daysAgo: 2,
    status: 'submitted',
    note: 'Printer driver rolled back on three laptops',
  },
  {
    ticket: 3,
    who: 'admin@portico.example',
    type: 0,
    minutes: 12,
    daysAgo: 1,
    status: 'submitted',
    note: 'Checked last night’s backup report',
  },
  {
    ticket: 2,
    who: 'tech@portico.example',
    type: 1,
    minutes: 40,
    daysAgo: 0,
    status: 'draft',
    note: 'Visit booked to check the switch',
  },
];

/**
 * Time on the demo tickets (issue 14): work types, and entries in every status (draft, submitted,
 * approved, invoiced) priced by the same chain as logged time, plus one approved entry corrected by a
 * reversal. Returns the number of entries written.
 */
export async function insertDemoTime(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const at = now.toISOString();
  const typeIds: number[] = [];
  for (const w of demoWorkTypes) {
    typeIds.push(await timeRepository.insertWorkType(db, { ...w, active: 1 }, at));
  }
  const types = await timeRepository.listWorkTypes(db);
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('kind', '=', 'staff')
    .execute();
  const accountId = new Map(accounts.map((a) => [a.email, a.id]));
  const tickets = await db
    .selectFrom('tickets')
    .innerJoin('clients', 'clients.id', 'tickets.client_id')
    .select('tickets.id')
    .where('clients.currency', '=', 'EUR')
    .where('tickets.status', '<>', 'closed')
    .orderBy('tickets.id')
    .limit(4)
    .execute();
  let written = 0;
  let reversible: number | null = null;
  for (const e of demoEntries) {
    const ticket = tickets[e.ticket];
    const account = accountId.get(e.who);
    if (!ticket || account === undefined) continue;
    const terms = await timeRepository.ticketTerms(db, ticket.id);
    if (!terms) continue;
    const workType = types.find((w) => w.id === typeIds[e.type]) ?? null;
    const billable = workType ? workType.billable === 1 : true;
    const day = dayIn(new Date(now.getTime() - e.daysAgo * 86_400_000), 'UTC');
    const done = e.status === 'approved' || e.status === 'invoiced';
    const id = await timeRepository.insertEntry(
      db,
      {
        ticket_id: terms.id,
        client_id: terms.client_id,
        contract_id: terms.contract_id,
        account_id: account,
        work_type_id: workType?.id ?? null,
        entry_date: day,
        started_at: null,
        billable: billable ? 1 : 0,
        note: e.note,
        status: e.status,
        reverses_id: null,
        ...price(terms, workType, e.minutes, billable, null),
      },
      at,
      {
        submitted_at: e.status === 'draft' ? null : at,
        approved_at: done ? at : null,
        approved_by: done ? (accountId.get('admin@portico.example') ?? null) : null,
        invoiced_at: e.status === 'invoiced' ? at : null,
      },
    );
    written++;
    if (e.status === 'approved' && reversible === null) reversible = id;
  }
  // A correction: the first approved entry was logged twice; a reversal cancels it.
  if (reversible !== null) {
    const row = await timeRepository.findEntry(db, reversible);
    if (row) {
      await timeRepository.insertEntry(
        db,
        {
          ticket_id: row.ticket_id,
          client_id: row.client_id,
          contract_id: row.contract_id,
          account_id: row.account_id,
          work_type_id: row.work_type_id,
          entry_date: dayIn(now, 'UTC'),
          started_at: null,
          actual_minutes: -row.actual_minutes,
          billed_minutes: -row.billed_minutes,
          billable: row.billable,
          rate_minor: row.rate_minor,
          currency: row.currency,
          amount_minor: row.amount_minor === null ? null : -row.amount_minor,
          rate_source: row.rate_source,
          note: 'Logged twice: reversed',
          status: 'approved',
          reverses_id: row.id,
        },
        at,
        { approved_at: at, approved_by: row.approved_by, submitted_at: null, invoiced_at: null },
      );
      written++;
    }
  }
  return written;
}
