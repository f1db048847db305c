import { dateFormats } from '../../../shared/format/format.ts';
import { message } from '../../../shared/i18n/i18n.ts';
import { languageList } from '../../../shared/i18n/languages.ts';
import { resolveLocale } from '../../../shared/i18n/resolve.ts';
import type { PersonLocale, PersonLocalePatch, ProfileLocale } from '../../../shared/schemas/locale.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { errors } from '../../platform/errors.ts';
import { contactsService } from '../contacts/contacts.service.ts';
import type { ModuleDeps } from '../deps.ts';
import { identity } from '../identity/identity.service.ts';
import { profileRepository } from './profile.repository.ts';

/**
 * A person's own language, time zone and date format (issue 13). Staff keep theirs on their account;
 * contacts on their contact record, where emails find it even without a login. Null inherits: a contact
 * from their client, then the organisation; staff from the organisation.
 */
export function createProfileLocale(deps: Pick<ModuleDeps, 'database' | 'clock' | 'audit' | 'settings'>) {
  const { database, clock, audit, settings } = deps;

  async function get(actor: Actor): Promise<ProfileLocale> {
    const organisation = await settings.current();
    const org = {
      language: organisation?.language ?? 'en',
      timeZone: organisation?.timeZone ?? 'UTC',
      dateFormat: organisation?.dateFormat ?? 'D MMM YYYY',
      currency: organisation?.currency ?? 'EUR',
    };
    const { db } = database.forActor(actor);
    const row =
      actor.kind === 'contact' && actor.previewBy
        ? undefined
        : await profileRepository.ownLocale(db, actor.accountId);
    const own: PersonLocale =
      row?.kind === 'contact'
        ? {
            language: (row.contact_language ?? null) as PersonLocale['language'],
            timeZone: row.contact_time_zone ?? null,
            dateFormat: (row.contact_date_format ?? null) as PersonLocale['dateFormat'],
          }
        : {
            language: (row?.account_language ?? null) as PersonLocale['language'],
            timeZone: row?.account_time_zone ?? null,
            dateFormat: (row?.account_date_format ?? null) as PersonLocale['dateFormat'],
          };
    const client =
      row?.kind === 'contact'
        ? { language: row.client_language, timeZone: row.client_time_zone, currency: row.client_currency }
        : null;
    return {
      own,
      effective: resolveLocale([own, client], org),
      inherited: (({ language, timeZone, dateFormat }) => ({ language, timeZone, dateFormat }))(
        resolveLocale([client], org),
      ),
      inheritsFrom: row?.kind === 'contact' ? 'client' : 'organisation',
      languages: languageList.map((l) => ({ code: l.code, label: l.label, dir: l.dir })),
      dateFormats: [...dateFormats],
    };
  }

  async function set(actor: Actor, patch: PersonLocalePatch, meta: RequestMeta): Promise<ProfileLocale> {
    if (actor.kind === 'contact' && actor.previewBy)
      throw errors.forbidden(message('errors:forbidden.preview'));
    const values = {
      ...(patch.language !== undefined ? { language: patch.language } : {}),
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.dateFormat !== undefined ? { date_format: patch.dateFormat } : {}),
    };
    const changed = Object.keys(patch).filter((k) => patch[k as keyof PersonLocalePatch] !== undefined);
    if (changed.length > 0) {
      const at = clock().toISOString();
      await database.forActor(actor).transaction(async (trx) => {
        if (actor.kind === 'contact') {
          await contactsService.setLocale(trx, actor.clientId, actor.contactId, values, at);
          await audit.record(trx, {
            actor,
            action: 'contact.updated',
            target: { type: 'contact', id: actor.contactId },
            details: { changed, by: 'self' },
            meta,
          });
        } else {
          await identity.setLocale(trx, actor.accountId, values, at);
          await audit.record(trx, { actor, action: 'profile.updated', details: { changed }, meta });
        }
      });
    }
    return get(actor);
  }

  return { get, set };
}
export type ProfileLocaleService = ReturnType<typeof createProfileLocale>;
