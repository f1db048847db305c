import { formatMoney, formatNumber } from '../../../shared/format/format.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import { type ContactPermission, effectivePermissions } from '../../../shared/permissions.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { identity } from '../identity/identity.service.ts';
import type { TicketsAccess } from '../tickets/contracts.ts';
import { overageRepository as repo } from './overage.repository.ts';

export type OverageNoticeDeps = Pick<ModuleDeps, 'database' | 'domainEvents' | 'email' | 'settings'> & {
  tickets: Pick<TicketsAccess, 'forEmail'>;
};

type Claim = (db: DbOrTrx, keys: readonly string[]) => Promise<Set<string>>;

/** Extra time in the reader's language ("2.5 hours", "2,5 Stunden"). */
function hoursIn(minutes: number, language: string): string {
  return formatNumber(minutes / 60, language, { style: 'unit', unit: 'hour', unitDisplay: 'long' });
}

function rateIn(rateMinor: number | null, currency: string | null, language: string): string | null {
  return rateMinor === null || currency === null ? null : formatMoney(rateMinor, currency, language);
}

/**
 * The emails of consent before overage (issue 14, point 8):
 * - a request made: to the client's contacts who may approve it and see the ticket (overage:approve,
 *   and all company tickets or their own request), each in their language, with a link to the ticket;
 *   a request withdrawn before its delivery ran sends nothing;
 * - a request answered: to the ticket's assignee and staff watchers (else whoever asked), so the
 *   technician knows before working on.
 * Each recipient's address is claimed in the transaction that queues their email, so a delivery that
 * runs again sends nobody a second one.
 */
export function subscribeOverageNotices(deps: OverageNoticeDeps): void {
  const { database, domainEvents, email, settings, tickets } = deps;

  async function languages(db: DbOrTrx, ids: { contactIds: number[]; accountIds: number[] }) {
    const [chosen, organisation] = await Promise.all([identity.languages(db, ids), settings.current(db)]);
    const fallback = organisation?.language ?? 'en';
    return {
      contact: (id: number) => {
        const own = chosen.contacts.get(id);
        return isLanguage(own) ? own : fallback;
      },
      account: (id: number) => {
        const own = chosen.accounts.get(id);
        return isLanguage(own) ? own : fallback;
      },
    };
  }

  async function requested(payload: DomainEventPayload<'overage.requested'>, claim: Claim) {
    await database.system('overage request emails').transaction(async (trx) => {
      const request = await repo.find(trx, payload.requestId);
      if (request?.status !== 'pending') return;
      const ticket = await tickets.forEmail(trx, payload.ticketId);
      if (!ticket) return;
      const contacts = (await repo.portalContacts(trx, ticket.clientId)).filter((c) => {
        const held = new Set<ContactPermission>(
          effectivePermissions(JSON.parse(c.presets), JSON.parse(c.switches)),
        );
        if (!held.has('overage:approve')) return false;
        return (
          held.has('tickets:view-company') ||
          (held.has('tickets:view-own') && ticket.requester?.contactId === c.contact_id)
        );
      });
      if (contacts.length === 0) return;
      const fresh = await claim(
        trx,
        contacts.map((c) => c.email),
      );
      if (fresh.size === 0) return;
      const lang = await languages(trx, { contactIds: contacts.map((c) => c.contact_id), accountIds: [] });
      const url = email.link(`/portal/tickets/${ticket.id}`);
      for (const c of contacts) {
        if (!fresh.has(c.email)) continue;
        const language = lang.contact(c.contact_id);
        const rate = rateIn(request.rate_minor, request.currency, language);
        await email.send(
          trx,
          { email: c.email, name: c.name, language },
          {
            subject: m('emails:overage.askSubject', { id: ticket.id }),
            heading: m('emails:overage.askHeading'),
            paragraphs: [
              m('emails:hello', { name: c.name }, ['name']),
              m(
                'emails:overage.askBody',
                {
                  id: ticket.id,
                  subject: ticket.subject,
                  hours: hoursIn(request.extra_minutes, language),
                  hasRate: rate === null ? 'no' : 'yes',
                  rate: rate ?? '',
                },
                ['subject'],
              ),
              m('emails:overage.askHint'),
            ],
            action: { label: m('emails:overage.askAction'), url },
            note: m('emails:overage.askNote'),
          },
          { clientId: ticket.clientId },
        );
      }
    });
  }

  async function decided(payload: DomainEventPayload<'overage.decided'>, claim: Claim) {
    await database.system('overage decision emails').transaction(async (trx) => {
      const request = await repo.find(trx, payload.requestId);
      const ticket = await tickets.forEmail(trx, payload.ticketId);
      if (!request || !ticket) return;
      const staff = [...(ticket.assignee ? [ticket.assignee] : []), ...ticket.staffWatchers];
      if (staff.length === 0 && request.requested_by_account_id !== null) {
        const asker = await identity.accountById(trx, request.requested_by_account_id);
        if (asker && asker.kind === 'staff' && asker.status === 'active') {
          staff.push({ accountId: asker.id, contactId: null, name: asker.name, email: asker.email });
        }
      }
      const unique = [...new Map(staff.map((s) => [s.email, s])).values()];
      if (unique.length === 0) return;
      const fresh = await claim(
        trx,
        unique.map((s) => s.email),
      );
      const lang = await languages(trx, { contactIds: [], accountIds: unique.map((s) => s.accountId) });
      const url = email.link(`/staff/tickets/${ticket.id}`);
      for (const s of unique) {
        if (!fresh.has(s.email)) continue;
        const language = lang.account(s.accountId);
        await email.send(
          trx,
          { email: s.email, name: s.name, language },
          {
            subject: m('emails:overage.decidedSubject', { id: ticket.id, decision: payload.decision }),
            heading: m('emails:overage.decidedHeading', { decision: payload.decision }),
            paragraphs: [
              m(
                'emails:overage.decidedBody',
                {
                  name: request.decided_by_name ?? '',
                  client: ticket.clientName,
                  decision: payload.decision,
                  hours: hoursIn(request.extra_minutes, language),
                  id: ticket.id,
                  subject: ticket.subject,
                },
                ['name', 'client', 'subject'],
              ),
              ...(request.comment
                ? [m('emails:overage.decidedComment', { comment: request.comment }, ['comment'])]
                : []),
            ],
            action: { label: m('emails:ticket.view'), url },
          },
        );
      }
    });
  }

  domainEvents.subscribe({
    event: 'overage.requested',
    name: 'overage.requested-email',
    handle: (ctx, event) => requested(event.payload, ctx.claim),
  });
  domainEvents.subscribe({
    event: 'overage.decided',
    name: 'overage.decided-email',
    handle: (ctx, event) => decided(event.payload, ctx.claim),
  });
}
