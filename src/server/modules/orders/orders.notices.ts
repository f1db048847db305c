import { formatCalendarDate } from '../../../shared/format/format.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import { trackingUrl } from '../../../shared/orders/carriers.ts';
import {
  type ContactPermission,
  type ContactPreset,
  effectivePermissions,
} from '../../../shared/permissions.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { emailMessage as m } from '../../platform/email-template.ts';
import type { ModuleDeps } from '../deps.ts';
import type { DomainEventPayload } from '../domain-events.ts';
import { identity } from '../identity/identity.service.ts';
import { ordersRepository as repo } from './orders.repository.ts';

export type OrderNoticeDeps = Pick<ModuleDeps, 'database' | 'domainEvents' | 'email' | 'settings'>;

type Claim = (db: DbOrTrx, keys: readonly string[]) => Promise<Set<string>>;

/**
 * The shipping email (issue 15, point 4): when an order ships, the client's contacts who asked for it
 * or who are its billing contacts (the billing preset), and who may see orders in the portal
 * (`orders:view`), hear it in their language, with the carrier, the tracking number and, for a carrier
 * we know, a link to its tracking page. Each recipient's address is claimed in the transaction that
 * queues their email, so a delivery that runs again sends nobody a second one.
 */
export function subscribeOrderNotices(deps: OrderNoticeDeps): void {
  const { database, domainEvents, email, settings } = deps;

  async function shipped(payload: DomainEventPayload<'order.status-changed'>, claim: Claim) {
    if (payload.to !== 'shipped') return;
    await database.system('order shipped emails').transaction(async (trx) => {
      const order = await repo.find(trx, payload.orderId);
      if (!order) return;
      const contacts = (await repo.portalContacts(trx, order.client_id)).filter((c) => {
        const presets = JSON.parse(c.presets) as ContactPreset[];
        const held = new Set<ContactPermission>(effectivePermissions(presets, JSON.parse(c.switches)));
        if (!held.has('orders:view')) return false;
        return c.contact_id === order.ordered_by_contact_id || presets.includes('billing');
      });
      if (contacts.length === 0) return;
      const fresh = await claim(
        trx,
        contacts.map((c) => c.email),
      );
      if (fresh.size === 0) return;
      const [chosen, organisation] = await Promise.all([
        identity.languages(trx, { contactIds: contacts.map((c) => c.contact_id), accountIds: [] }),
        settings.current(trx),
      ]);
      const fallback = organisation?.language ?? 'en';
      const dateFormat = organisation?.dateFormat ?? 'D MMM YYYY';
      const lines = await repo.summariesOf(trx, [order.id]);
      const summary = lines.get(order.id)?.summary ?? '';
      const tracking = trackingUrl(order.carrier, order.tracking_number);
      const url = email.link(`/portal/orders/${order.id}`);
      for (const c of contacts) {
        if (!fresh.has(c.email)) continue;
        const own = chosen.contacts.get(c.contact_id);
        const language = isLanguage(own) ? own : fallback;
        const paragraphs = [
          m('emails:hello', { name: c.name }, ['name']),
          m('emails:order.shippedBody', { id: order.id, summary }, ['summary']),
        ];
        if (order.tracking_number) {
          paragraphs.push(
            m(
              'emails:order.shippedTracking',
              {
                hasCarrier: order.carrier ? 'yes' : 'no',
                carrier: order.carrier ?? '',
                number: order.tracking_number,
              },
              ['carrier', 'number'],
            ),
          );
        }
        if (order.expected_date) {
          paragraphs.push(
            m('emails:order.shippedExpected', {
              date: formatCalendarDate(order.expected_date, { language, dateFormat }),
            }),
          );
        }
        await email.send(
          trx,
          { email: c.email, name: c.name, language },
          {
            subject: m('emails:order.shippedSubject', { id: order.id }),
            heading: m('emails:order.shippedHeading'),
            paragraphs,
            action: { label: m('emails:order.view'), url },
            ...(tracking ? { links: [{ label: m('emails:order.track'), url: tracking }] } : {}),
            note: m('emails:order.shippedNote'),
          },
          { clientId: order.client_id },
        );
      }
    });
  }

  domainEvents.subscribe({
    event: 'order.status-changed',
    name: 'order.shipped-email',
    handle: (ctx, event) => shipped(event.payload, ctx.claim),
  });
}
