import { sql } from 'kysely';
import type { AnyDb, Dialect, Migration } from './helpers.ts';

/** The languages of this version; a stored choice outside it is mapped to the nearest or to English. */
const supported = ['en', 'de', 'fr', 'es', 'pl', 'ar', 'en-XA'];

/**
 * Languages, time zones, date formats and currencies (issue 13). The organisation's defaults (language,
 * time zone, date format, currency) stay in its settings JSON, where they were already validated; this
 * migration moves a stored language this version does not speak ('en-GB', 'nl') to one it does. Each
 * client gains a language and a time zone (null: the organisation's) and a currency (ISO 4217, never
 * null: every client has one, first the organisation's). Each person gains a language, a time zone and a
 * date format, null meaning "inherit": a contact from their client and then the organisation, staff from
 * the organisation. Contacts carry theirs on the contact (emails reach contacts without a login); staff
 * on their account.
 */
export default function localePreferences(_dialect: Dialect): Migration {
  return {
    async up(db: AnyDb) {
      const org = await db
        .selectFrom('organisation')
        .select(['settings'])
        .where('id', '=', 1)
        .executeTakeFirst();
      let currency = 'EUR';
      if (org) {
        const settings = JSON.parse(org.settings as string) as { language?: string; currency?: string };
        if (typeof settings.currency === 'string' && /^[A-Z]{3}$/.test(settings.currency)) {
          currency = settings.currency;
        }
        if (settings.language !== undefined && !supported.includes(settings.language)) {
          const primary = settings.language.split('-')[0] ?? 'en';
          settings.language = supported.includes(primary) ? primary : 'en';
          await db
            .updateTable('organisation')
            .set({ settings: JSON.stringify(settings) })
            .where('id', '=', 1)
            .execute();
        }
      }

      await db.schema.alterTable('clients').addColumn('language', 'text').execute();
      await db.schema.alterTable('clients').addColumn('time_zone', 'text').execute();
      // The default only fills existing rows on both databases; the application always writes one.
      await db.schema
        .alterTable('clients')
        .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
        .execute();
      if (currency !== 'EUR')
        await db
          .updateTable('clients')
          .set({ currency: sql`${currency}` })
          .execute();

      for (const table of ['contacts', 'accounts']) {
        await db.schema.alterTable(table).addColumn('language', 'text').execute();
        await db.schema.alterTable(table).addColumn('time_zone', 'text').execute();
        await db.schema.alterTable(table).addColumn('date_format', 'text').execute();
      }
    },
  };
}
