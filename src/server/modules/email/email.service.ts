import { isTimeZone } from '../../../shared/format/format.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import { type LocaleChoices, type ResolvedLocale, resolveLocale } from '../../../shared/i18n/resolve.ts';
import type { Config } from '../../config.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { type EmailContent, renderEmail } from '../../platform/email-template.ts';
import type { EmailAttachment, Mailer } from '../../platform/mail.ts';
import type { SettingsService } from '../settings/settings.service.ts';

export type EmailComposer = ReturnType<typeof createEmailComposer>;

/** Puts a message in the organisation's branding and queues it in the caller's transaction. */
export function createEmailComposer(deps: { config: Config; settings: SettingsService; mailer: Mailer }) {
  const { config, settings, mailer } = deps;
  return {
    /** An absolute link into the app, from BASE_URL. */
    link(pathAndQuery: string): string {
      return new URL(pathAndQuery, config.baseUrl).toString();
    },

    /**
     * A recipient's language, time zone and date format for what an email shows: their own (a contact's,
     * else their client's), else the organisation's. Dates in an email are in the reader's zone and layout.
     */
    async localeOf(db: DbOrTrx, choices: LocaleChoices): Promise<ResolvedLocale> {
      const s = await settings.current(db);
      const locale = resolveLocale([choices], {
        language: s?.language ?? 'en',
        timeZone: s?.timeZone ?? 'UTC',
        dateFormat: s?.dateFormat ?? 'D MMM YYYY',
        currency: s?.currency ?? 'EUR',
      });
      return isTimeZone(locale.timeZone) ? locale : { ...locale, timeZone: 'UTC' };
    },

    async send(
      db: DbOrTrx,
      /** `language`: the recipient's own (or their client's); without one, the organisation's. */
      to: { email: string; name?: string | null; language?: string | null },
      content: EmailContent,
      options: {
        clientId?: number | null;
        headers?: Record<string, string>;
        attachments?: readonly EmailAttachment[];
      } = {},
    ) {
      const branding = await settings.branding(db);
      const s = await settings.current(db);
      const rendered = renderEmail(
        {
          organisationName: branding.organisationName,
          primaryColor: branding.primaryColor,
          subjectPrefix: s?.emailSubjectPrefix ?? '',
          logoUrl: branding.logoUrl ? new URL(branding.logoUrl, config.baseUrl).toString() : null,
        },
        content,
        isLanguage(to.language) ? to.language : (s?.language ?? 'en'),
      );
      return mailer.queue(db, {
        to: to.email,
        toName: to.name ?? null,
        ...rendered,
        clientId: options.clientId ?? null,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.attachments ? { attachments: options.attachments } : {}),
      });
    },
  };
}
