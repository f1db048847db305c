import type { Insertable } from 'kysely';
import { addDays, type CalendarDate, DEFAULT_THRESHOLDS, daysBetween } from '../../../shared/hours/index.ts';
import type { DB } from '../../platform/db/schema.ts';
import { nextRunAfter } from '../../platform/schedules.ts';
import type { Storage } from '../../platform/storage.ts';
import { balanceFor, closeContractPeriods } from '../hours/hours.service.ts';
import { frequencyCron, REPORT_JOB_KIND } from '../reports/reports.service.ts';
import { type GeneratedContract, settleBank } from './banks.ts';
import { contractDocument } from './files.ts';
import type { Progress } from './progress.ts';
import type { Random } from './random.ts';
import type { LoadTarget } from './writer.ts';

/** Contract ending alerts, days before the end (the alerts module's defaults). */
const ENDING_DAYS = [60, 30, 7] as const;
/** Contract documents stored at most (small real files through Storage, like the attachments). */
export const MAX_CONTRACT_DOCUMENTS = 300;
/** Clients with a scheduled report: every fourth of those with logins. */
const REPORT_EVERY = 4;

export interface ExtrasInput {
  contracts: GeneratedContract[];
  clientId: (clientIndex: number) => number;
  clientName: (clientIndex: number) => string;
  clientTimeZone: (clientIndex: number) => string | null;
  /** Who the contract notifies (its client's primary and technical contacts), with their logins. */
  notify: (
    clientIndex: number,
  ) => { contactId: number; accountId: number | null; name: string; email: string }[];
  /** Clients whose contacts have logins (they get report schedules). */
  loginClients: number;
  adminId: number;
  technicianIds: number[];
  now: Date;
  today: CalendarDate;
  orgTimeZone: string;
  storage: Storage;
  random: Random;
  progress: Progress;
}

/**
 * What issue 14 adds around the contracts, once the tickets and their time are written: the contacts
 * each contract notifies, its hour bank (sized by banks.ts, its ended periods closed by the hours
 * module's own `closeContractPeriods`, its balance read by `balanceFor`), the bank and contract-ending
 * alerts that balance and those dates have fired with their notices, overage requests on the tickets of
 * banks near or past their limit, report schedules, and a signed document for the first contracts.
 * Returns the row counts.
 */
export async function generateContractExtras(
  database: LoadTarget,
  x: ExtrasInput,
): Promise<Record<string, number>> {
  const r = x.random;
  const counts: Record<string, number> = {
    contract_contacts: 0,
    hour_blocks: 0,
    bank_periods: 0,
    alert_deliveries: 0,
    notices: 0,
    ticket_estimates: 0,
    overage_requests: 0,
    report_schedules: 0,
    contract_files: 0,
  };
  const nowIso = x.now.toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  const nowMs = x.now.getTime();
  x.progress.start('Contracts', x.contracts.length, 'contracts');
  const banked = x.contracts.filter((c) => c.bank !== 'none');

  // Contacts to notify, then the banks' sizes and blocks.
  for (let k = 0; k < x.contracts.length; k += 200) {
    const page = x.contracts.slice(k, k + 200);
    await database.transaction(async (trx) => {
      const rows = page.flatMap((c) =>
        x.notify(c.clientIndex).map((n) => ({ contract_id: c.id, contact_id: n.contactId })),
      );
      if (rows.length) await trx.insertInto('contract_contacts').values(rows).execute();
      counts.contract_contacts = (counts.contract_contacts ?? 0) + rows.length;
      for (const c of page) {
        if (c.bank === 'none') continue;
        const settled = settleBank(r, c, x.today);
        if (settled === null) continue;
        if (c.bank === 'periodic') {
          await trx
            .updateTable('contracts')
            .set({ bank_minutes: settled.bankMinutes, rollover_cap_minutes: settled.capMinutes })
            .where('id', '=', c.id)
            .execute();
        }
        if (settled.blocks.length) {
          await trx
            .insertInto('hour_blocks')
            .values(
              settled.blocks.map((b) => ({
                contract_id: c.id,
                purchased_on: b.purchasedOn,
                minutes: b.minutes,
                expires_on: b.expiresOn,
                note: b.purchasedOn === c.startDate ? 'Initial block' : 'Top-up',
                created_at:
                  `${b.purchasedOn}T09:00:00.000Z` < nowIso ? `${b.purchasedOn}T09:00:00.000Z` : nowIso,
              })),
            )
            .execute();
          counts.hour_blocks = (counts.hour_blocks ?? 0) + settled.blocks.length;
        }
      }
    });
  }

  // Every ended period closed, as the nightly close would (the hours module writes the records), then
  // today's balance, from which the bank alerts that have fired follow.
  const notices: {
    account_id: number;
    client_id: number | null;
    kind: string;
    params: string;
    link: string | null;
    created_at: string;
    read_at: string | null;
  }[] = [];
  const deliveries: {
    kind: string;
    subject_id: number;
    threshold: number;
    period_key: string;
    client_id: number | null;
    created_at: string;
  }[] = [];
  const noticeTo = (c: GeneratedContract, kind: string, params: object, portalLink: string, at: string) => {
    const json = JSON.stringify(params);
    for (const n of x.notify(c.clientIndex)) {
      if (n.accountId === null) continue;
      notices.push({
        account_id: n.accountId,
        client_id: x.clientId(c.clientIndex),
        kind,
        params: json,
        link: portalLink,
        created_at: at,
        read_at: r.chance(0.4) ? at : null,
      });
    }
    notices.push({
      account_id: x.adminId,
      client_id: null,
      kind,
      params: json,
      link: `/contracts/${c.id}`,
      created_at: at,
      read_at: r.chance(0.5) ? at : null,
    });
  };
  const overageCandidates: { c: GeneratedContract; over: boolean }[] = [];
  let done = 0;
  for (let k = 0; k < banked.length; k += 50) {
    const page = banked.slice(k, k + 50);
    await database.transaction(async (trx) => {
      for (const c of page) {
        counts.bank_periods =
          (counts.bank_periods ?? 0) + (await closeContractPeriods(trx, c.id, x.now, x.today));
        const balance = await balanceFor(trx, c.id, x.today);
        if (!balance || balance.purchasedMinutes <= 0) continue;
        const clientId = x.clientId(c.clientIndex);
        const at = nowIso;
        const params = { contract: contractName(c), periodEndDate: balance.periodEnd };
        const over = (balance.overMinutes ?? 0) > 0;
        const reached = DEFAULT_THRESHOLDS.filter(
          (t) => balance.usedMinutes * 100 >= t * balance.purchasedMinutes,
        )
          .slice()
          .sort((a, b) => b - a);
        let sent = false;
        if (over) {
          deliveries.push({
            kind: 'bankOverage',
            subject_id: c.id,
            threshold: 100,
            period_key: balance.periodStart,
            client_id: clientId,
            created_at: at,
          });
          noticeTo(c, 'bankOverage', params, '/hours', at);
          sent = true;
        }
        for (const threshold of reached) {
          deliveries.push({
            kind: 'bankThreshold',
            subject_id: c.id,
            threshold,
            period_key: balance.periodStart,
            client_id: clientId,
            created_at: at,
          });
          if (!sent) noticeTo(c, 'bankThreshold', { ...params, share: threshold / 100 }, '/hours', at);
          sent = true;
        }
        if (reached.length || over) overageCandidates.push({ c, over });
      }
    });
    done += page.length;
    x.progress.update(done);
  }

  // Contracts ending within 60 days: the alerts for the days passed, the most urgent with its notice.
  for (const c of x.contracts) {
    if (c.endDate === null || c.endDate < x.today) continue;
    const days = daysBetween(x.today, c.endDate);
    const passed = ENDING_DAYS.filter((d) => days <= d);
    if (!passed.length) continue;
    const clientId = x.clientId(c.clientIndex);
    for (const threshold of passed) {
      deliveries.push({
        kind: 'contractEnding',
        subject_id: c.id,
        threshold,
        period_key: c.endDate,
        client_id: clientId,
        created_at: nowIso,
      });
    }
    noticeTo(
      c,
      'contractEnding',
      { contract: contractName(c), endDate: c.endDate, days },
      '/contracts',
      nowIso,
    );
  }

  // Overage requests on the latest tickets of banks near or past their limit: settled on older tickets
  // (mostly approved), pending on an open one.
  const estimates: {
    ticket_id: number;
    minutes: number;
    set_by_account_id: number | null;
    updated_at: string;
  }[] = [];
  const requests: Insertable<DB['overage_requests']>[] = [];
  for (const { c } of overageCandidates) {
    // The client's primary contact decides (primary contacts may approve overage).
    const decider = x.notify(c.clientIndex)[0];
    if (!decider) continue;
    let pending = false;
    for (const t of c.recent.slice(-3)) {
      const by = t.assignee ?? (r.pick(x.technicianIds) as number);
      const requestedMs = Math.min(t.createdMs + (1 + r.int(0, 6)) * 3_600_000, nowMs - 3_600_000);
      const minutes = 30 * r.int(4, 20);
      estimates.push({ ticket_id: t.ticketId, minutes, set_by_account_id: by, updated_at: iso(requestedMs) });
      const open = !t.resolved && !pending;
      const status = open ? 'pending' : r.chance(0.75) ? 'approved' : 'refused';
      if (open) pending = true;
      const decidedMs = Math.min(requestedMs + r.int(1, 30) * 3_600_000, nowMs - 60_000);
      requests.push({
        ticket_id: t.ticketId,
        contract_id: c.id,
        extra_minutes: 15 * r.int(4, 20),
        rate_minor: c.overageRateMinor,
        currency: c.currency,
        trigger: 'estimate',
        status,
        requested_by_account_id: by,
        requested_at: iso(requestedMs),
        decided_by_contact_id: open ? null : decider.contactId,
        decided_by_name: open ? null : decider.name,
        decided_at: open ? null : iso(decidedMs),
        decided_ip: open ? null : `192.0.2.${r.int(1, 254)}`,
        comment: open
          ? null
          : status === 'approved'
            ? r.pick(['Go ahead.', 'Approved, please keep us posted.', null])
            : r.pick(['Please wait until next month.', 'Not now, thank you.']),
        withdrawn_at: null,
      });
    }
  }

  // Report schedules: every fourth client with logins, a monthly summary (PDF) to its first contacts;
  // every eighth also a weekly activity history (CSV). Their timing is a job_schedules row each.
  const schedules: {
    clientIndex: number;
    report: string;
    frequency: 'weekly' | 'monthly';
    format: string;
  }[] = [];
  for (const c of x.contracts) {
    if (c.clientIndex >= x.loginClients || c.clientIndex % REPORT_EVERY !== 0) continue;
    schedules.push({ clientIndex: c.clientIndex, report: 'summary', frequency: 'monthly', format: 'pdf' });
    if (c.clientIndex % (REPORT_EVERY * 2) === 0) {
      schedules.push({ clientIndex: c.clientIndex, report: 'activity', frequency: 'weekly', format: 'csv' });
    }
  }

  await database.transaction(async (trx) => {
    for (let k = 0; k < deliveries.length; k += 500) {
      await trx
        .insertInto('alert_deliveries')
        .values(deliveries.slice(k, k + 500))
        .execute();
    }
    for (let k = 0; k < notices.length; k += 500) {
      await trx
        .insertInto('notices')
        .values(notices.slice(k, k + 500))
        .execute();
    }
    for (let k = 0; k < estimates.length; k += 500) {
      await trx
        .insertInto('ticket_estimates')
        .values(estimates.slice(k, k + 500))
        .execute();
    }
    for (let k = 0; k < requests.length; k += 500) {
      await trx
        .insertInto('overage_requests')
        .values(requests.slice(k, k + 500))
        .execute();
    }
    for (const s of schedules) {
      const clientId = x.clientId(s.clientIndex);
      const zone = x.clientTimeZone(s.clientIndex) ?? x.orgTimeZone;
      const recipients = x.notify(s.clientIndex).map((n) => n.email);
      const row = await trx
        .insertInto('report_schedules')
        .values({
          client_id: clientId,
          report: s.report,
          frequency: s.frequency,
          format: s.format,
          recipients: JSON.stringify(recipients),
          created_by_account_id: x.adminId,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const next = nextRunAfter(frequencyCron[s.frequency], zone, x.now) ?? x.now;
      await trx
        .insertInto('job_schedules')
        .values({
          name: `report:${row.id}`,
          kind: REPORT_JOB_KIND,
          cron: frequencyCron[s.frequency],
          timezone: zone,
          payload: JSON.stringify({ scheduleId: row.id }),
          source: 'stored',
          client_id: clientId,
          created_by_account_id: x.adminId,
          next_run_at: next.toISOString(),
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
    }
  });
  counts.alert_deliveries = deliveries.length;
  counts.notices = notices.length;
  counts.ticket_estimates = estimates.length;
  counts.overage_requests = requests.length;
  counts.report_schedules = schedules.length;

  // A signed document on the first contracts, stored like the attachments.
  const files: Insertable<DB['contract_files']>[] = [];
  for (const c of x.contracts.slice(0, MAX_CONTRACT_DOCUMENTS)) {
    const f = contractDocument({
      contractId: c.id,
      name: contractName(c),
      client: x.clientName(c.clientIndex),
      startDate: c.startDate,
      endDate: c.endDate,
    });
    const key = await x.storage.put('attachments', f.data);
    const at = `${addDays(c.startDate, -7)}T10:00:00.000Z`;
    files.push({
      contract_id: c.id,
      uploaded_by_account_id: x.adminId,
      storage_key: key,
      filename: f.filename,
      content_type: f.contentType,
      size_bytes: f.data.length,
      sha256: f.sha256,
      created_at: at < nowIso ? at : nowIso,
    });
  }
  await database.transaction(async (trx) => {
    for (let k = 0; k < files.length; k += 500) {
      await trx
        .insertInto('contract_files')
        .values(files.slice(k, k + 500))
        .execute();
    }
  });
  counts.contract_files = files.length;
  x.progress.end(`${counts.bank_periods} closed periods`);
  return counts;
}

function contractName(c: GeneratedContract): string {
  return c.bank === 'prepaid' ? 'Prepaid support hours' : 'Managed IT support';
}
