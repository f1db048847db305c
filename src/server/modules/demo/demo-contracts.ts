import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';

/** A calendar date `days` from `from` ('YYYY-MM-DD'). */
function dayFrom(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

interface DemoContract {
  client: string;
  name: string;
  type: 'managed-services' | 'block-hours' | 'maintenance' | 'project' | 'time-and-materials';
  status: 'draft' | 'active' | 'expired' | 'cancelled';
  scope: string;
  /** Days from today. */
  start: number;
  end: number | null;
  renewal: number | null;
  autoRenew: boolean;
  noticeDays: number | null;
  /** Emails of the client's contacts to notify. */
  notify: string[];
}

/**
 * Contracts in every state for the demo clients (issue 14): Acme has an active managed-services contract
 * (the default SLA policy, all sites), an expired maintenance contract and a draft project; Birchwood
 * prepaid hours and a cancelled contract; the German and Arabic clients contracts in their languages.
 */
const demoContracts: DemoContract[] = [
  {
    client: 'Acme Manufacturing',
    name: 'Managed IT support',
    type: 'managed-services',
    status: 'active',
    scope:
      '**Covered**\n\n- Servers, network and the 40 office laptops\n- Microsoft 365 administration\n- Monthly patching and backups checked weekly\n\n**Not covered**\n\n- Shop-floor machine controllers\n- New hardware (quoted separately)',
    start: -180,
    end: 185,
    renewal: 125,
    autoRenew: true,
    noticeDays: 60,
    notify: ['primary@acme.example', 'technical@acme.example'],
  },
  {
    client: 'Acme Manufacturing',
    name: 'Server room maintenance 2025',
    type: 'maintenance',
    status: 'expired',
    scope: 'Quarterly inspection of the UPS, air conditioning and racks in the server room.',
    start: -545,
    end: -181,
    renewal: null,
    autoRenew: false,
    noticeDays: 30,
    notify: ['technical@acme.example'],
  },
  {
    client: 'Acme Manufacturing',
    name: 'Warehouse Wi-Fi project',
    type: 'project',
    status: 'draft',
    scope: 'Survey, install and hand over Wi-Fi coverage for the new warehouse.',
    start: 30,
    end: 120,
    renewal: null,
    autoRenew: false,
    noticeDays: null,
    notify: ['primary@acme.example'],
  },
  {
    client: 'Birchwood Dental',
    name: 'Prepaid support hours',
    type: 'block-hours',
    status: 'active',
    scope: 'A block of 20 support hours for the practice, used for any IT request.',
    start: -60,
    end: 305,
    renewal: 275,
    autoRenew: false,
    noticeDays: 30,
    notify: ['primary@birchwood.example'],
  },
  {
    client: 'Birchwood Dental',
    name: 'Managed IT (old terms)',
    type: 'managed-services',
    status: 'cancelled',
    scope: 'Replaced by prepaid support hours.',
    start: -425,
    end: -61,
    renewal: null,
    autoRenew: false,
    noticeDays: 30,
    notify: [],
  },
  {
    client: 'Cobalt Legal',
    name: 'Time and materials support',
    type: 'time-and-materials',
    status: 'active',
    scope: 'Support on request, billed by the hour.',
    start: -300,
    end: null,
    renewal: null,
    autoRenew: false,
    noticeDays: null,
    notify: ['primary@cobalt.example'],
  },
  {
    client: 'Rheinhafen Logistik GmbH',
    name: 'IT-Betreuung Zentrale',
    type: 'managed-services',
    status: 'active',
    scope:
      '**Leistungsumfang**\n\n- Server, Netzwerk und Arbeitsplätze der Zentrale\n- Überwachung der Datensicherung',
    start: -90,
    end: 275,
    renewal: 215,
    autoRenew: true,
    noticeDays: 90,
    notify: ['primary@rheinhafen.example'],
  },
  {
    client: 'النور للتجارة (Al Noor Trading)',
    name: 'عقد الصيانة السنوي',
    type: 'maintenance',
    status: 'active',
    scope: 'صيانة دورية للخوادم والشبكة في المكتب الرئيسي.',
    start: -30,
    end: 335,
    renewal: 305,
    autoRenew: true,
    noticeDays: 30,
    notify: ['primary@alnoor.example'],
  },
];

/** Writes the demo contracts (after the demo clients and contacts); returns how many. */
export async function insertDemoContracts(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const at = now.toISOString();
  const clients = await db.selectFrom('clients').select(['id', 'name']).execute();
  const clientId = new Map(clients.map((c) => [c.name, c.id]));
  const contacts = await db.selectFrom('contacts').select(['id', 'email']).execute();
  const contactId = new Map(contacts.map((c) => [c.email, c.id]));
  const policy = await db
    .selectFrom('sla_policies')
    .select('id')
    .where('is_default', '=', 1)
    .executeTakeFirst();
  let written = 0;
  for (const c of demoContracts) {
    const client = clientId.get(c.client);
    if (client === undefined) continue;
    const { id } = await db
      .insertInto('contracts')
      .values({
        client_id: client,
        name: c.name,
        type: c.type,
        scope: c.scope,
        sla_policy_id: c.type === 'time-and-materials' ? null : (policy?.id ?? null),
        sla_calendar_id: null,
        all_sites: 1,
        start_date: dayFrom(now, c.start),
        end_date: c.end === null ? null : dayFrom(now, c.end),
        renewal_date: c.renewal === null ? null : dayFrom(now, c.renewal),
        auto_renew: c.autoRenew ? 1 : 0,
        notice_days: c.noticeDays,
        status: c.status,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notify = c.notify.map((email) => contactId.get(email)).filter((v): v is number => v !== undefined);
    if (notify.length > 0) {
      await db
        .insertInto('contract_contacts')
        .values(notify.map((contact_id) => ({ contract_id: id, contact_id })))
        .execute();
    }
    written += 1;
  }
  return written;
}
