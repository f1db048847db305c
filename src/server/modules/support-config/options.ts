import { expectationWords } from '../../../shared/format/sla-words.ts';
import { type Message, type MessageParams, message, translate } from '../../../shared/i18n/i18n.ts';
import type { Language } from '../../../shared/i18n/languages.ts';
import type { ContactPermission } from '../../../shared/permissions.ts';
import { type TicketOptions, ticketPriorities } from '../../../shared/schemas/tickets.ts';
import type { Actor } from '../../platform/actor.ts';
import { type Bound, bindContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { requirePermission } from './common.ts';
import { referencesRepository } from './references.repository.ts';
import type { TicketOptionsContext } from './support-config.context.ts';
import { defaultPolicy, supportConfigDirectory } from './support-config.directory.ts';

const contactTicketPermissions: readonly ContactPermission[] = [
  'tickets:view-own',
  'tickets:view-company',
  'tickets:create',
];

/**
 * What the New ticket form offers: active categories, each priority with its targets and what they mean
 * in words, and the largest attachment accepted. A contact always gets their own client's options.
 * Labels and expectations are in `language`, the reader's; values and minutes never depend on it.
 */
export async function ticketOptions(
  { database, settings }: TicketOptionsContext,
  actor: Actor,
  query: { clientId?: number | undefined },
  language: Language,
): Promise<TicketOptions> {
  const t = (key: string, params?: Record<string, unknown>) =>
    translate(language, key as Message['key'], params as MessageParams);
  const { db } = database.forActor(actor);
  let clientId: number | null;
  if (actor.kind === 'contact') {
    // A feature switched off does not exist for contacts.
    if (!(await settings.enabledFeatures()).includes('tickets'))
      throw errors.notFound(message('errors:notFound.page'));
    if (!contactTicketPermissions.some((p) => actor.permissions.has(p))) {
      throw errors.forbidden(message('errors:denied.portalTickets'));
    }
    // Another client's id is never confirmed to exist.
    if (query.clientId !== undefined && query.clientId !== actor.clientId) {
      throw errors.notFound(message('errors:notFound.client'));
    }
    clientId = actor.clientId;
  } else {
    requirePermission(actor, 'tickets:view');
    clientId = query.clientId ?? null;
    if (clientId !== null) {
      const found = await referencesRepository.clientExists(db, clientId);
      if (!found) throw errors.notFound(message('errors:notFound.client'));
    }
  }
  const [categories, policy, current, sites] = await Promise.all([
    supportConfigDirectory.activeCategories(db),
    clientId === null ? defaultPolicy(db) : supportConfigDirectory.policyForClient(db, clientId),
    settings.current(),
    clientId === null ? Promise.resolve([]) : referencesRepository.clientSites(db, clientId),
  ]);
  const maxMb = current?.attachmentMaxMb ?? 10;
  return {
    categories,
    sites,
    priorities: ticketPriorities.map((value) => {
      const targets = policy?.targets[value];
      const usable = targets && targets.responseMinutes > 0 && targets.resolutionMinutes > 0;
      return {
        value,
        label: translate(language, `common:ticketPriority.${value}`),
        responseMinutes: usable ? targets.responseMinutes : null,
        resolutionMinutes: usable ? targets.resolutionMinutes : null,
        expectation:
          usable && policy
            ? expectationWords(
                targets.responseMinutes,
                targets.resolutionMinutes,
                policy.calendar.alwaysOpen,
                t,
              )
            : null,
        alwaysOpen: policy?.calendar.alwaysOpen ?? false,
      };
    }),
    maxAttachmentBytes: maxMb * 1024 * 1024,
  };
}

export const ticketOptionsUseCases = { options: ticketOptions };

export type TicketOptionsService = Bound<TicketOptionsContext, typeof ticketOptionsUseCases>;

export function createTicketOptionsService(ctx: TicketOptionsContext): TicketOptionsService {
  return bindContext(ctx, ticketOptionsUseCases);
}
