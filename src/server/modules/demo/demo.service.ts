import { type ContactPreset, effectivePermissions, type StaffRole } from '../../../shared/permissions.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import { directoryService } from '../directory/directory.service.ts';
import { insertStaffUser } from '../staff/staff.service.ts';
import { insertDemoAlerts } from './demo-alerts.ts';
import { insertDemoContracts } from './demo-contracts.ts';
import { insertDemoHours } from './demo-hours.ts';
import { insertDemoOrders } from './demo-orders.ts';
import { insertDemoOverage } from './demo-overage.ts';
import { insertDemoReportSchedule } from './demo-reports.ts';
import { insertDemoTickets } from './demo-tickets.ts';
import { insertDemoTime } from './demo-time.ts';

export const DEMO_PASSWORD = 'portico-demo';
export const DEMO_ORGANISATION = 'Portico Demo IT';

export interface DemoLogin {
  email: string;
  kind: 'staff' | 'contact';
  name: string;
  role?: StaffRole;
  client?: string;
  presets?: ContactPreset[];
  permissions?: string[];
}

export const demoOwner = { name: 'Olivia Owens', email: 'owner@portico.example', role: 'owner' as const };

const demoStaff: { name: string; email: string; role: StaffRole }[] = [
  { name: 'Adam Achebe', email: 'admin@portico.example', role: 'admin' },
  { name: 'Tariq Haddad', email: 'tech@portico.example', role: 'technician' },
  { name: 'Beatriz Lopes', email: 'billing@portico.example', role: 'billing' },
  { name: 'Ruth Okafor', email: 'readonly@portico.example', role: 'read-only' },
];

const demoClients: {
  name: string;
  phone: string;
  website: string;
  /** The contacts' language (issue 13), with the client's currency; English and EUR when left out. */
  language?: 'de' | 'ar';
  currency?: string;
  timeZone?: string;
  site: { label: string; address: string };
  contacts: { name: string; email: string; presets: ContactPreset[] }[];
}[] = [
  {
    name: 'Acme Manufacturing',
    phone: '+44 161 496 0000',
    website: 'https://acme.example',
    site: { label: 'Head office', address: 'Unit 4, Trafford Park Road, Manchester M17 1AB' },
    contacts: [
      { name: 'Alice Moreau', email: 'primary@acme.example', presets: ['primary'] },
      { name: 'Ben Carter', email: 'billing@acme.example', presets: ['billing'] },
      { name: 'Chen Wei', email: 'technical@acme.example', presets: ['technical'] },
      { name: 'Dana Kowalski', email: 'standard@acme.example', presets: ['standard'] },
      { name: 'Evan Brooks', email: 'readonly@acme.example', presets: ['read-only'] },
    ],
  },
  {
    name: 'Birchwood Dental',
    phone: '+44 117 496 0123',
    website: 'https://birchwood.example',
    site: { label: 'Head office', address: '12 Whiteladies Road, Bristol BS8 1PD' },
    contacts: [
      { name: 'Fatima Rahman', email: 'primary@birchwood.example', presets: ['primary'] },
      { name: 'George Lindqvist', email: 'office@birchwood.example', presets: ['billing', 'technical'] },
    ],
  },
  {
    name: 'Cobalt Legal',
    phone: '+44 20 7946 0321',
    website: 'https://cobalt.example',
    site: { label: 'Head office', address: '3 Gray’s Inn Square, London WC1R 5AH' },
    contacts: [
      { name: 'Hannah Schultz', email: 'primary@cobalt.example', presets: ['primary'] },
      { name: 'Ivan Petrov', email: 'standard@cobalt.example', presets: ['standard'] },
    ],
  },
  {
    // Contacts who read the portal and their emails in German.
    name: 'Rheinhafen Logistik GmbH',
    phone: '+49 621 4960 0100',
    website: 'https://rheinhafen.example',
    language: 'de',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    site: { label: 'Zentrale', address: 'Hafenstraße 19, 68159 Mannheim' },
    contacts: [
      { name: 'Jürgen Weiß', email: 'primary@rheinhafen.example', presets: ['primary'] },
      { name: 'Lena Vogel', email: 'standard@rheinhafen.example', presets: ['standard'] },
    ],
  },
  {
    // Contacts who read right to left, in Arabic; their names are in Arabic script.
    name: 'النور للتجارة (Al Noor Trading)',
    phone: '+966 11 496 0200',
    website: 'https://alnoor.example',
    language: 'ar',
    currency: 'SAR',
    timeZone: 'Asia/Riyadh',
    site: { label: 'المكتب الرئيسي', address: 'طريق الملك فهد، الرياض 12211' },
    contacts: [
      { name: 'ليلى الحسيني', email: 'primary@alnoor.example', presets: ['primary'] },
      { name: 'عمر الخطيب', email: 'standard@alnoor.example', presets: ['standard'] },
    ],
  },
];

/** Hashing is slow; it is done before the transaction so no lock is held while it runs. */
export async function prepareDemo(options: { withOwner: boolean }) {
  const staff = options.withOwner ? [demoOwner, ...demoStaff] : demoStaff;
  const contactCount = demoClients.reduce((n, c) => n + c.contacts.length, 0);
  const hashes = await Promise.all(
    Array.from({ length: staff.length + contactCount }, () => hashPassword(DEMO_PASSWORD)),
  );
  return { staff, hashes };
}

/** What a demo load wrote, for the audit log. */
export interface DemoSummary {
  staff: number;
  clients: number;
  contacts: number;
  tickets: number;
  contracts: number;
}

export async function insertDemo(
  db: DbOrTrx,
  clock: Clock,
  prepared: Awaited<ReturnType<typeof prepareDemo>>,
): Promise<{ logins: DemoLogin[]; summary: DemoSummary }> {
  const logins: DemoLogin[] = [];
  const hashes = [...prepared.hashes];
  for (const s of prepared.staff) {
    await insertStaffUser(db, clock, { ...s, password: DEMO_PASSWORD, hash: hashes.shift()! });
    logins.push({ email: s.email, kind: 'staff', name: s.name, role: s.role });
  }
  for (const client of demoClients) {
    const clientId = await directoryService.createClient(db, clock, {
      name: client.name,
      phone: client.phone,
      website: client.website,
      sites: [client.site],
      language: client.language ?? null,
      currency: client.currency ?? 'EUR',
      timeZone: client.timeZone ?? null,
    });
    for (const c of client.contacts) {
      await directoryService.createContact(db, clock, {
        clientId,
        name: c.name,
        email: c.email,
        presets: c.presets,
        passwordHash: hashes.shift()!,
      });
      logins.push({
        email: c.email,
        kind: 'contact',
        name: c.name,
        client: client.name,
        presets: c.presets,
        permissions: effectivePermissions(c.presets),
      });
    }
  }
  await insertDemoContracts(db, clock);
  await insertDemoAlerts(db, clock);
  const tickets = await insertDemoTickets(db, clock);
  await insertDemoReportSchedule(db, clock);
  await insertDemoOverage(db, clock);
  await insertDemoTime(db, clock);
  await insertDemoHours(db, clock);
  await insertDemoOrders(db, clock);
  // Contracts the demo files wrote without billing terms take their client's currency, as the contracts
  // service and migration 0017 do (the staff contract page formats its rates in it).
  await db
    .updateTable('contracts')
    .set((eb) => ({
      currency: eb
        .selectFrom('clients')
        .select('clients.currency')
        .whereRef('clients.id', '=', 'contracts.client_id'),
    }))
    .where('currency', 'is', null)
    .execute();
  // Every demo file may add contracts (the hour banks make a project contract): count what is there.
  const { count: contracts } = await db
    .selectFrom('contracts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const summary: DemoSummary = {
    staff: prepared.staff.length,
    clients: demoClients.length,
    contacts: logins.filter((l) => l.kind === 'contact').length,
    tickets,
    contracts: Number(contracts),
  };
  return { logins, summary };
}
