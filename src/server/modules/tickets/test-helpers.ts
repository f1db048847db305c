import assert from 'node:assert/strict';
import type { TicketDetail, TicketListItem, TicketMessage } from '../../../shared/schemas/tickets.ts';
import { Client, clientIdByName, createTestApp, setUp, type TestApp } from '../../test/harness.ts';

/** Shared set-up for the tickets tests: the demo organisation, its people signed in on demand. */
export interface TicketsWorld {
  t: TestApp;
  owner: Client;
  acmeId: number;
  birchId: number;
  as(email: string): Promise<Client>;
  /** Signs everyone in again on next use (after moving the clock past the session lifetime). */
  forgetSessions(): void;
  contactId(email: string): Promise<number>;
  accountId(email: string): Promise<number>;
}

const weekday = [{ start: '09:00', end: '17:00' }];
export const TEST_CALENDAR = {
  timeZone: 'UTC',
  alwaysOpen: false,
  weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
  holidays: [],
};

export async function ticketsWorld(options: Parameters<typeof createTestApp>[0] = {}): Promise<TicketsWorld> {
  // Long "remember me" sessions, so tests can move the clock by weeks without signing in again.
  const t = await createTestApp({ ...options, env: { SESSION_REMEMBER_DAYS: '365', ...options.env } });
  const owner = await setUp(t, { demo: true });
  // The tests reason in a plain calendar (weekdays 09:00-17:00 UTC), whatever the demo's hours are.
  await t.db
    .updateTable('sla_calendars')
    .set({ definition: JSON.stringify(TEST_CALENDAR), updated_at: t.clock().toISOString() })
    .execute();
  const acmeId = await clientIdByName(owner, 'Acme Manufacturing');
  const birchId = await clientIdByName(owner, 'Birchwood Dental');
  const clients = new Map<string, Client>();
  const idByEmail = async (table: 'contacts' | 'accounts', email: string) =>
    (await t.db.selectFrom(table).select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  return {
    t,
    owner,
    acmeId,
    birchId,
    async as(email) {
      let c = clients.get(email);
      if (!c) {
        c = new Client(t.app);
        await c.login(email, 'portico-demo', true);
        clients.set(email, c);
      }
      return c;
    },
    forgetSessions() {
      clients.clear();
    },
    contactId: (email) => idByEmail('contacts', email),
    accountId: (email) => idByEmail('accounts', email),
  };
}

/** A ticket's stored row. */
export function ticketRow(w: TicketsWorld, id: number) {
  return w.t.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The names of the files stored on a ticket. */
export async function attachmentNames(w: TicketsWorld, ticketId: number): Promise<string[]> {
  const rows = await w.t.db
    .selectFrom('ticket_attachments')
    .select('filename')
    .where('ticket_id', '=', ticketId)
    .execute();
  return rows.map((r) => r.filename);
}

export async function createTicket(client: Client, body: Record<string, unknown>): Promise<TicketDetail> {
  const res = await client.post('/api/v1/tickets', { description: 'Something is wrong.', ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as TicketDetail;
}

export async function getTicket(client: Client, id: number): Promise<TicketDetail> {
  const res = await client.get(`/api/v1/tickets/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as TicketDetail;
}

export async function postMessage(
  client: Client,
  id: number,
  body: Record<string, unknown>,
): Promise<TicketMessage> {
  const res = await client.post(`/api/v1/tickets/${id}/messages`, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as TicketMessage;
}

export async function patchTicket(client: Client, id: number, body: Record<string, unknown>) {
  const res = await client.patch(`/api/v1/tickets/${id}`, body);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as TicketDetail;
}

export async function listIds(client: Client, query: string): Promise<number[]> {
  const res = await client.get(`/api/v1/tickets?limit=100&${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as TicketListItem[]).map((i) => i.id);
}

export async function messagesOf(client: Client, id: number): Promise<TicketMessage[]> {
  const res = await client.get(`/api/v1/tickets/${id}/messages`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as TicketMessage[];
}
