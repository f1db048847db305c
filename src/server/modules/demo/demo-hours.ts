import {
  addDays,
  amountForMinutes,
  type BankPlan,
  daysBetween,
  periodAt,
  periodContaining,
  roundEntry,
} from '../../../shared/hours/index.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

/**
 * Hour banks in every state for the demo (issue 14, points 6 and 7), on the demo contracts, with
 * approved time on the demo tickets:
 * - Acme "Managed IT support": 10 h a month, unused hours roll over up to 5 h; last month left 6 h, 5 h
 *   rolled in, and this month is near the limit.
 * - Acme "Project hours" (a new prepaid contract): two blocks, the older drawn first; healthy. Acme has
 *   two banks, so the portal's hours page offers a choice.
 * - Birchwood "Prepaid support hours": its block is used up and this month's work is overage.
 * - Rheinhafen "IT-Betreuung Zentrale": 20 h a quarter, healthy.
 * - Al Noor's annual contract: 40 h a year, unused hours roll over in full.
 */

interface DemoBank {
  client: string;
  contract: string;
  /** Creates the contract when the demo contracts have none of that name. */
  create?: { startDays: number };
  plan:
    | {
        kind: 'periodic';
        period: BankPlan['period'];
        minutes: number;
        rollover: 'none' | 'capped' | 'unlimited';
        cap?: number;
      }
    | { kind: 'prepaid'; blocks: { daysAgo: number; minutes: number; expiresInDays: number | null }[] };
  rateMinor: number;
  overageRateMinor: number;
  /** Billed minutes to log: in the current period, and in each earlier period (most recent first). */
  current: number;
  earlier: number[];
}

const banks: DemoBank[] = [
  {
    client: 'Acme Manufacturing',
    contract: 'Managed IT support',
    plan: { kind: 'periodic', period: 'monthly', minutes: 600, rollover: 'capped', cap: 300 },
    rateMinor: 9500,
    overageRateMinor: 12000,
    current: 780,
    earlier: [240, 540, 660, 480, 570],
  },
  {
    client: 'Acme Manufacturing',
    contract: 'Project hours',
    create: { startDays: -75 },
    plan: {
      kind: 'prepaid',
      blocks: [
        { daysAgo: 75, minutes: 1200, expiresInDays: 105 },
        { daysAgo: 20, minutes: 1200, expiresInDays: null },
      ],
    },
    rateMinor: 9000,
    overageRateMinor: 11000,
    current: 300,
    earlier: [480, 420],
  },
  {
    client: 'Birchwood Dental',
    contract: 'Prepaid support hours',
    plan: { kind: 'prepaid', blocks: [{ daysAgo: 400, minutes: 1200, expiresInDays: 295 }] },
    rateMinor: 8500,
    overageRateMinor: 10500,
    // More than the block holds, whichever of its first periods today falls in.
    current: 800,
    earlier: [600, 390],
  },
  {
    client: 'Rheinhafen Logistik GmbH',
    contract: 'IT-Betreuung Zentrale',
    plan: { kind: 'periodic', period: 'quarterly', minutes: 1200, rollover: 'none' },
    rateMinor: 11000,
    overageRateMinor: 14000,
    current: 360,
    earlier: [900],
  },
  {
    client: 'النور للتجارة (Al Noor Trading)',
    contract: 'عقد الصيانة السنوي',
    plan: { kind: 'periodic', period: 'yearly', minutes: 2400, rollover: 'unlimited' },
    rateMinor: 40000,
    overageRateMinor: 50000,
    current: 720,
    earlier: [],
  },
];

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Splits `total` billed minutes into entries of 15-minute multiples, dated from `from` to `to`. */
function split(total: number, from: string, to: string): { date: string; actual: number; billed: number }[] {
  const out: { date: string; actual: number; billed: number }[] = [];
  const sizes = [90, 45, 120, 60, 30, 75, 150, 105];
  let left = total;
  let i = 0;
  while (left > 0) {
    const billed = Math.min(left, sizes[i % sizes.length]!);
    // Worked a few minutes less; the contract's 15-minute rounding (up) bills the rest.
    const actual = Math.max(1, billed - ((i * 7) % 14));
    out.push({
      date: '',
      actual,
      billed: roundEntry(actual, { incrementMinutes: 15, minimumMinutes: 0, direction: 'up' }).billedMinutes,
    });
    left -= billed;
    i += 1;
  }
  const span = Math.max(0, daysBetween(from, to));
  out.forEach((e, k) => {
    e.date = addDays(from, out.length === 1 ? 0 : Math.floor((span * k) / (out.length - 1)));
  });
  return out;
}

/** Writes the demo banks (after the demo contracts and tickets); returns how many contracts have one. */
export async function insertDemoHours(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const at = now.toISOString();
  const today = dayOf(now);
  const clients = await db.selectFrom('clients').select(['id', 'name', 'currency']).execute();
  const staff = await db
    .selectFrom('accounts')
    .select('id')
    .where('kind', '=', 'staff')
    .orderBy('id')
    .execute();
  if (staff.length === 0) return 0;
  let written = 0;
  for (const bank of banks) {
    const client = clients.find((c) => c.name === bank.client);
    if (!client) continue;
    let contract = await db
      .selectFrom('contracts')
      .select(['id', 'start_date', 'end_date'])
      .where('client_id', '=', client.id)
      .where('name', '=', bank.contract)
      .executeTakeFirst();
    if (!contract && bank.create) {
      const start = dayOf(new Date(now.getTime() + bank.create.startDays * 86_400_000));
      const inserted = await db
        .insertInto('contracts')
        .values({
          client_id: client.id,
          name: bank.contract,
          type: 'block-hours',
          scope: 'Project work on the warehouse network, drawn from prepaid blocks of hours.',
          sla_policy_id: null,
          sla_calendar_id: null,
          // Covers no site of its own: new tickets stay under the managed-services contract, and project
          // work is put on this contract by staff.
          all_sites: 0,
          start_date: start,
          end_date: null,
          renewal_date: null,
          auto_renew: 0,
          notice_days: null,
          status: 'active',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      contract = { id: inserted.id, start_date: start, end_date: null };
    }
    if (!contract || today < contract.start_date || (contract.end_date !== null && today > contract.end_date))
      continue;
    const periodic = bank.plan.kind === 'periodic' ? bank.plan : null;
    await db
      .updateTable('contracts')
      .set({
        currency: client.currency,
        rate_minor: bank.rateMinor,
        rounding_increment: 15,
        rounding_minimum: 0,
        rounding_direction: 'up',
        bank_kind: bank.plan.kind,
        bank_period: periodic?.period ?? 'monthly',
        bank_minutes: periodic?.minutes ?? null,
        rollover_kind: periodic?.rollover ?? 'none',
        rollover_cap_minutes: periodic?.cap ?? null,
        overage_rate_minor: bank.overageRateMinor,
      })
      .where('id', '=', contract.id)
      .execute();
    if (bank.plan.kind === 'prepaid') {
      for (const b of bank.plan.blocks) {
        const purchased = addDays(today, -b.daysAgo);
        await db
          .insertInto('hour_blocks')
          .values({
            contract_id: contract.id,
            purchased_on: purchased < contract.start_date ? contract.start_date : purchased,
            minutes: b.minutes,
            expires_on: b.expiresInDays === null ? null : addDays(today, b.expiresInDays),
            note: '',
            created_at: at,
          })
          .execute();
      }
    }
    const tickets = await db
      .selectFrom('tickets')
      .select('id')
      .where('client_id', '=', client.id)
      .orderBy('id')
      .limit(6)
      .execute();
    if (tickets.length === 0) continue;
    const plan: BankPlan = {
      kind: 'periodic',
      startDate: contract.start_date,
      endDate: contract.end_date,
      period: periodic?.period ?? 'monthly',
      allowanceMinutes: 0,
      rollover: { kind: 'none' },
    };
    const current = periodContaining(plan, today);
    const spans: { total: number; from: string; to: string }[] = [
      { total: bank.current, from: current.start, to: today },
    ];
    bank.earlier.forEach((total, k) => {
      const period = current.index - 1 - k >= 0 ? periodAt(plan, current.index - 1 - k) : null;
      if (period) spans.push({ total, from: period.start, to: period.end });
    });
    let n = 0;
    for (const span of spans) {
      for (const e of split(span.total, span.from, span.to)) {
        const approved = `${e.date}T17:00:00.000Z` < at ? `${e.date}T17:00:00.000Z` : at;
        await db
          .insertInto('time_entries')
          .values({
            ticket_id: tickets[n % tickets.length]!.id,
            client_id: client.id,
            contract_id: contract.id,
            account_id: staff[n % staff.length]!.id,
            entry_date: e.date,
            actual_minutes: e.actual,
            billed_minutes: e.billed,
            billable: 1,
            rate_minor: bank.rateMinor,
            currency: client.currency,
            amount_minor: amountForMinutes(e.billed, {
              minorUnitsPerHour: bank.rateMinor,
              currency: client.currency,
            }).minorUnits,
            rate_source: 'contract',
            note: '',
            status: 'approved',
            submitted_at: approved,
            approved_at: approved,
            approved_by: staff[0]!.id,
            created_at: approved,
            updated_at: approved,
          })
          .execute();
        n += 1;
      }
    }
    written += 1;
  }
  return written;
}
