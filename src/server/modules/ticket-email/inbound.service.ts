import { type Message, type MessageParams, message, translate } from '../../../shared/i18n/i18n.ts';
import { isLanguage } from '../../../shared/i18n/languages.ts';
import {
  type ContactPreset,
  type ContactSwitches,
  effectivePermissions,
} from '../../../shared/permissions.ts';
import type {
  InboundEmailDetail,
  InboundEmailFilters,
  InboundEmailItem,
  InboundEmailList,
  InboundStatus,
} from '../../../shared/schemas/ticket-email.ts';
import type { StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { type DbOrTrx, isUniqueViolation, type Trx } from '../../platform/db/db.ts';
import type { DnsResolver } from '../../platform/dns.ts';
import { errors } from '../../platform/errors.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { readStoredText, storeText } from '../../platform/stored-text.ts';
import type { ModuleDeps } from '../deps.ts';
import { identity } from '../identity/identity.service.ts';
import type { AttachmentsService, InboundAttachment, TicketsAccess } from '../tickets/contracts.ts';
import { readReplyAddress, readThreadRoot, splitAddress } from './addresses.ts';
import { autoReplyReason } from './auto-reply.ts';
import { type InboundRow, inboundRepository as repo } from './inbound.repository.ts';
import { supportMailbox } from './notifier.ts';
import { derivedMessageId, MAX_TEXT, normaliseMessageId, type ParsedInbound, parseInbound } from './parse.ts';
import { stripQuotedText } from './quotes.ts';
import { authenticateSender, type SenderAuth } from './sender-auth.ts';

export interface ReceiveMeta {
  via: 'imap' | 'smtp';
  /** SMTP: the envelope sender ('' for the null sender of a bounce). IMAP: unknown (null). */
  envelopeFrom?: string | null;
  /** SMTP: the envelope recipients (they may name the signed reply address when no header does). */
  envelopeTo?: string[];
  /** SMTP: the connecting client, for SPF (its address and the name it gave in HELO/EHLO). */
  client?: { ip: string; helo: string | null } | undefined;
}

export interface ReceiveOutcome {
  status: InboundStatus | 'duplicate';
  inboundId: number | null;
  ticketId: number | null;
  reason: string | null;
}

/** A message that cannot be processed, with what could be read of it (see holdUnprocessable). */
export interface UnprocessableMail {
  via: 'imap' | 'smtp';
  raw: Buffer | null;
  messageId: string | null;
  from: { address: string; name: string | null } | null;
  subject: string | null;
  reason: string;
}

type Decision =
  | { hold: string; ticketId?: number }
  | { reply: { ticketId: number; contactId: number } }
  | { create: { clientId: number; contactId: number } };

/** A ticket message allows 50,000 characters. */
const MAX_BODY = 50_000;
const MAX_SUBJECT = 200;

/**
 * Why an email is held, for the review page: catalogue messages stored as they are (stored-text.ts), so
 * each member of staff reads them in their own language. An error's own words (`failed`) are quoted.
 */
const held = (key: Message['key'], params?: MessageParams) => storeText(message(key, params));
const megabytes = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
export const holdReasons = {
  noSender: held('common:inbound.hold.noSender'),
  ownAddress: held('common:inbound.hold.ownAddress'),
  forged: held('common:inbound.hold.forged'),
  ticketGone: held('common:inbound.hold.ticketGone'),
  notContact: held('common:inbound.hold.notContact'),
  inactiveContact: held('common:inbound.hold.inactiveContact'),
  unknownSender: held('common:inbound.hold.unknownSender'),
  inactiveSender: held('common:inbound.hold.inactiveSender'),
  ambiguous: (n: number) => held('common:inbound.hold.ambiguous', { count: n }),
  mayNotRaise: held('common:inbound.hold.mayNotRaise'),
  tooLarge: (bytes: number, max: number) =>
    held('common:inbound.hold.tooLarge', { sizeMb: megabytes(bytes), maxMb: Math.round(max / 1048576) }),
  unauthenticated: (from: string, findings: Message) =>
    held('common:inbound.hold.unauthenticated', { from, findings }),
  failed: (attempts: number, error: string) =>
    held('common:inbound.hold.failed', { attempts, detail: error.slice(0, 300) }),
  /** A machine-sent message (auto-reply.ts says which kind). */
  robot: (why: Message) => storeText(why),
} as const;

/**
 * The text of a ticket or reply from an email. What Portico adds (an empty email, a cut one) is written
 * in the sender's language (senderLanguage): it is their ticket, and the first to read it back.
 */
function bodyOf(text: string, language: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return translate(language, 'common:inbound.placeholder.noText');
  if (trimmed.length <= MAX_BODY) return trimmed;
  const cut = translate(language, 'common:inbound.placeholder.cut');
  return `${trimmed.slice(0, MAX_BODY - cut.length - 2).trimEnd()}\n\n${cut}`;
}

/**
 * The language Portico writes its own words in (placeholders, notices) in a ticket or reply from an email:
 * the sending contact's, else their client's, else the organisation's (settings are cached).
 */
async function senderLanguage(
  settings: ModuleDeps['settings'],
  db: DbOrTrx,
  contactId: number,
): Promise<string> {
  const own = (await identity.languages(db, { contactIds: [contactId], accountIds: [] })).contacts.get(
    contactId,
  );
  if (isLanguage(own)) return own;
  return (await settings.current(db))?.language ?? 'en';
}

function subjectOf(subject: string, language: string): string {
  const s = subject.replace(/\s+/g, ' ').trim();
  return s === '' ? translate(language, 'common:inbound.placeholder.noSubject') : s.slice(0, MAX_SUBJECT);
}

export type InboundService = ReturnType<typeof createInboundService>;
export type InboundReview = ReturnType<typeof createInboundReview>;

/**
 * Inbound email: each message received (IMAP or SMTP) is recorded once (by Message-ID) with its raw
 * bytes in storage, then becomes a reply on its ticket, a new ticket, or is held for review.
 */
export function createInboundService(
  deps: ModuleDeps & {
    tickets: TicketsAccess;
    attachments: AttachmentsService;
    /** DNS for SPF, DKIM and DMARC (the system's resolver; tests pass a local stand-in). */
    resolver: DnsResolver;
  },
) {
  const { database, clock, storage, secrets, tickets, config } = deps;
  const writtenIn = (db: DbOrTrx, contactId: number) => senderLanguage(deps.settings, db, contactId);

  /** The organisation's rules for senders that are not authenticated (Settings, Email into tickets). */
  async function senderRules(db: DbOrTrx) {
    const s = await deps.settings.current(db);
    return {
      unauthenticated: s?.inboundUnauthenticated ?? 'hold',
      trustedServers: s?.inboundTrustedServers ?? [],
    };
  }

  async function ownAddresses(db: DbOrTrx): Promise<Set<string>> {
    return new Set([(await supportMailbox(deps, db)).toLowerCase(), config.mail.from.toLowerCase()]);
  }

  /** The ticket a reply names: signed reply address first, then the thread headers. */
  async function ticketNamed(
    db: DbOrTrx,
    mail: ParsedInbound,
    envelopeTo: readonly string[],
  ): Promise<{ ticketId: number } | { forged: true } | null> {
    let forged = false;
    for (const address of [...mail.recipients, ...envelopeTo.map((a) => a.toLowerCase())]) {
      const found = readReplyAddress(secrets.sessionSecret, address);
      if (found?.valid) return { ticketId: found.ticketId };
      if (found) forged = true;
    }
    for (const id of mail.threadIds) {
      const ticketId = readThreadRoot(secrets.sessionSecret, id);
      if (ticketId !== null) return { ticketId };
    }
    if (mail.threadIds.length) {
      const ref = await repo.ticketOfThread(db, mail.threadIds.slice(0, 100));
      if (ref) return { ticketId: ref.ticket_id };
    }
    return forged ? { forged: true } : null;
  }

  /**
   * Where an email goes by its sender and what it answers; then, when it would become a reply or a ticket
   * as a contact, whether its sender is authenticated: if not, it is held for review (or, when settings
   * accept such email with a warning, it goes on and staff see the warning).
   */
  async function decide(
    trx: Trx,
    mail: ParsedInbound,
    meta: ReceiveMeta,
    auth: SenderAuth,
    acceptUnauthenticated: boolean,
  ): Promise<Decision> {
    const decision = await route(trx, mail, meta);
    if ('hold' in decision || auth.verdict === 'pass' || acceptUnauthenticated) return decision;
    const hold = holdReasons.unauthenticated(mail.from?.address ?? '', auth.summary);
    return 'reply' in decision ? { hold, ticketId: decision.reply.ticketId } : { hold };
  }

  async function route(trx: Trx, mail: ParsedInbound, meta: ReceiveMeta): Promise<Decision> {
    const robot = autoReplyReason({
      headers: mail.headers,
      fromAddress: mail.from?.address ?? null,
      envelopeFrom: meta.envelopeFrom ?? null,
    });
    if (robot) return { hold: holdReasons.robot(robot) };
    const from = mail.from?.address;
    if (!from || !splitAddress(from)) return { hold: holdReasons.noSender };
    if ((await ownAddresses(trx)).has(from)) return { hold: holdReasons.ownAddress };

    const named = await ticketNamed(trx, mail, meta.envelopeTo ?? []);
    if (named && 'ticketId' in named) {
      const ticket = await tickets.forEmail(trx, named.ticketId);
      if (!ticket) return { hold: holdReasons.ticketGone };
      const contact = await repo.contactByEmail(trx, ticket.clientId, from);
      if (!contact) return { hold: holdReasons.notContact, ticketId: ticket.id };
      if (contact.status !== 'active') return { hold: holdReasons.inactiveContact, ticketId: ticket.id };
      return { reply: { ticketId: ticket.id, contactId: contact.id } };
    }
    if (named) return { hold: holdReasons.forged };

    const known = await repo.sendersByEmail(trx, from);
    if (known.length === 0) return { hold: holdReasons.unknownSender };
    const active = known.filter((c) => c.status === 'active');
    if (active.length === 0) return { hold: holdReasons.inactiveSender };
    const clients = new Set(active.map((c) => c.client_id));
    if (clients.size > 1) return { hold: holdReasons.ambiguous(clients.size) };
    const contact = active[0]!;
    const permissions = effectivePermissions(
      JSON.parse(contact.presets) as ContactPreset[],
      JSON.parse(contact.switches) as ContactSwitches,
    );
    if (!permissions.includes('tickets:create')) return { hold: holdReasons.mayNotRaise };
    return { create: { clientId: contact.client_id, contactId: contact.id } };
  }

  async function insertRow(
    trx: Trx,
    mail: ParsedInbound,
    via: 'imap' | 'smtp',
    rawKey: string | null,
    status: InboundStatus,
    reason: string | null,
    ticketId: number | null,
    auth: SenderAuth | null,
  ): Promise<number> {
    const now = clock().toISOString();
    return repo.insert(trx, {
      received_via: via,
      message_id: mail.messageId,
      from_address: mail.from?.address ?? '',
      from_name: mail.from?.name ?? null,
      to_address: mail.toText?.slice(0, 1000) ?? null,
      subject: mail.subject.slice(0, 1000),
      text_body: mail.text,
      raw_key: rawKey,
      attachment_count: mail.attachments.length,
      status,
      reason,
      ticket_id: ticketId,
      reviewed_by: null,
      received_at: now,
      processed_at: status === 'held' ? null : now,
      sender_auth: auth?.verdict ?? null,
      sender_auth_details: auth ? JSON.stringify(auth) : null,
    });
  }

  async function alreadyReceived(db: DbOrTrx, messageId: string): Promise<boolean> {
    return repo.exists(db, messageId);
  }

  /** Publishes the live events for what an email changed (after its transaction committed). */
  async function publish(db: DbOrTrx, kind: 'reply' | 'create', ticketId: number) {
    await tickets
      .publishAfterCommit(
        kind === 'create'
          ? [{ type: 'ticket.created', ticketId }]
          : [
              { type: 'ticket.message', ticketId },
              { type: 'ticket.updated', ticketId },
            ],
        db,
      )
      .catch(() => undefined);
  }

  const duplicate: ReceiveOutcome = { status: 'duplicate', inboundId: null, ticketId: null, reason: null };

  return {
    /**
     * Takes one raw message. Idempotent by Message-ID: a message received before answers 'duplicate'
     * and changes nothing. Throws only when it could not be processed (the receiver retries).
     */
    async receive(raw: Buffer, meta: ReceiveMeta): Promise<ReceiveOutcome> {
      const { db, transaction } = database.system('inbound email');
      const mail = await parseInbound(raw);
      if (await alreadyReceived(db, mail.messageId)) return duplicate;
      const rules = await senderRules(db);
      // DNS lookups happen before the transaction, which then holds no connection while waiting.
      const auth = await authenticateSender(raw, {
        via: meta.via,
        fromAddresses: mail.fromAddresses,
        client: meta.client
          ? { ip: meta.client.ip, helo: meta.client.helo, mailFrom: meta.envelopeFrom ?? '' }
          : undefined,
        trustedServers: rules.trustedServers,
        resolver: deps.resolver,
      });
      const acceptUnauthenticated = rules.unauthenticated === 'accept-with-warning';
      const rawKey = await storage.put('inbound', raw);
      try {
        const outcome = await transaction(
          async (trx): Promise<ReceiveOutcome & { publish?: 'reply' | 'create' }> => {
            const decision = await decide(trx, mail, meta, auth, acceptUnauthenticated);
            if ('hold' in decision) {
              const inboundId = await insertRow(
                trx,
                mail,
                meta.via,
                rawKey,
                'held',
                decision.hold,
                decision.ticketId ?? null,
                auth,
              );
              return {
                status: 'held',
                inboundId,
                ticketId: decision.ticketId ?? null,
                reason: decision.hold,
              };
            }
            if ('reply' in decision) {
              const inboundId = await insertRow(trx, mail, meta.via, rawKey, 'added', null, null, auth);
              const result = await tickets.replyFromEmail(trx, {
                ticketId: decision.reply.ticketId,
                contactId: decision.reply.contactId,
                body: bodyOf(stripQuotedText(mail.text), await writtenIn(trx, decision.reply.contactId)),
                emailMessageId: mail.messageId,
                attachments: mail.attachments,
              });
              // A reply to a ticket closed too long ago opens a new ticket (the tickets service decides).
              const status: InboundStatus = result.ticketId === decision.reply.ticketId ? 'added' : 'created';
              await repo.setOutcome(trx, inboundId, { status, ticket_id: result.ticketId });
              return {
                status,
                inboundId,
                ticketId: result.ticketId,
                reason: null,
                publish: status === 'added' ? 'reply' : 'create',
              };
            }
            const inboundId = await insertRow(trx, mail, meta.via, rawKey, 'created', null, null, auth);
            const language = await writtenIn(trx, decision.create.contactId);
            const created = await tickets.createFromEmail(trx, {
              clientId: decision.create.clientId,
              contactId: decision.create.contactId,
              subject: subjectOf(mail.subject, language),
              body: bodyOf(mail.text, language),
              emailMessageId: mail.messageId,
              attachments: mail.attachments,
            });
            await repo.setOutcome(trx, inboundId, { ticket_id: created.ticketId });
            return {
              status: 'created',
              inboundId,
              ticketId: created.ticketId,
              reason: null,
              publish: 'create',
            };
          },
        );
        if (outcome.publish && outcome.ticketId) await publish(db, outcome.publish, outcome.ticketId);
        const { publish: _p, ...result } = outcome;
        return result;
      } catch (error) {
        await storage.delete(rawKey).catch(() => undefined);
        // Received at the same moment by another worker (or another receiver): that one keeps it.
        if (isUniqueViolation(error) && (await alreadyReceived(db, mail.messageId))) return duplicate;
        throw error;
      }
    },

    /**
     * Holds a message that cannot be processed (too large, or failing again and again) with what can be
     * read of it, so it is reviewed rather than retried forever. Idempotent like receive.
     */
    async holdUnprocessable(input: UnprocessableMail): Promise<ReceiveOutcome> {
      const { db, transaction } = database.system('inbound email that cannot be processed');
      let mail: ParsedInbound | null = null;
      if (input.raw) {
        try {
          mail = await parseInbound(input.raw);
        } catch {
          mail = null;
        }
      }
      const messageId =
        mail?.messageId ??
        (input.messageId ? normaliseMessageId(input.messageId) : null) ??
        (input.raw ? derivedMessageId(input.raw) : `<unreadable-${Date.now()}@no-message-id.invalid>`);
      if (await alreadyReceived(db, messageId)) return duplicate;
      const rawKey = input.raw ? await storage.put('inbound', input.raw) : null;
      const record: ParsedInbound = {
        messageId,
        from: mail?.from ?? input.from,
        fromAddresses: mail?.fromAddresses ?? [],
        recipients: mail?.recipients ?? [],
        toText: mail?.toText ?? null,
        subject: mail?.subject ?? input.subject ?? '',
        text: mail?.text ?? '',
        threadIds: [],
        headers: new Map(),
        attachments: mail?.attachments ?? [],
      };
      try {
        const inboundId = await transaction((trx) =>
          insertRow(trx, record, input.via, rawKey, 'held', input.reason, null, null),
        );
        return { status: 'held', inboundId, ticketId: null, reason: input.reason };
      } catch (error) {
        if (rawKey) await storage.delete(rawKey).catch(() => undefined);
        if (isUniqueViolation(error)) return duplicate;
        throw error;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Review of held email (staff with tickets:manage)

/**
 * The stored sender check as the review pages show it (null: never checked). Its summary is kept as a
 * stored message (put in the reader's language by `inReaderLanguage`); checks stored before that have
 * English text, shown as it is.
 */
function senderAuthOf(stored: string | null): InboundEmailItem['senderAuth'] {
  if (!stored) return null;
  try {
    const a = JSON.parse(stored) as Omit<SenderAuth, 'summary'> & { summary: SenderAuth['summary'] | string };
    return {
      verdict: a.verdict,
      method: a.method,
      authservId: a.authservId,
      fromDomain: a.fromDomain,
      dmarc: a.dmarc,
      summary: typeof a.summary === 'string' ? a.summary : storeText(a.summary),
    };
  } catch {
    return null;
  }
}

/** A review item (or page of them) with its hold reason and sender check in the reader's language. */
export function inReaderLanguage<T extends InboundEmailItem>(item: T, language: string): T {
  return {
    ...item,
    reason: item.reason === null ? null : readStoredText(item.reason, language),
    senderAuth: item.senderAuth && {
      ...item.senderAuth,
      summary: readStoredText(item.senderAuth.summary, language),
    },
  };
}

export function createInboundReview(deps: ModuleDeps & { tickets: TicketsAccess }) {
  const { database, clock, storage, audit, tickets } = deps;
  const writtenIn = (db: DbOrTrx, contactId: number) => senderLanguage(deps.settings, db, contactId);

  function item(row: InboundRow): InboundEmailItem {
    return {
      id: row.id,
      receivedVia: row.received_via,
      fromAddress: row.from_address,
      fromName: row.from_name,
      toAddress: row.to_address,
      subject: row.subject,
      status: row.status,
      reason: row.reason,
      ticketId: row.ticket_id,
      attachmentCount: row.attachment_count,
      receivedAt: row.received_at,
      processedAt: row.processed_at,
      reviewedBy: row.reviewer_name ?? null,
      senderAuth: senderAuthOf(row.sender_auth_details),
    };
  }

  async function attachmentsOf(rawKey: string | null): Promise<InboundAttachment[]> {
    if (!rawKey) return [];
    const raw = await storage.get(rawKey);
    if (!raw) return [];
    try {
      return (await parseInbound(raw)).attachments;
    } catch {
      return [];
    }
  }

  async function requireHeld(db: DbOrTrx, id: number) {
    const row = await repo.find(db, id);
    if (!row) throw errors.notFound(message('errors:notFound.email'));
    if (row.status !== 'held') throw errors.conflict('email_already_reviewed', notHeldMessage(row.status));
    return row;
  }

  function notHeldMessage(status: InboundStatus) {
    return message('errors:inbound.notHeld', { status });
  }

  /** Marks a held email reviewed; false when someone else reviewed it meanwhile. */
  async function settle(
    trx: Trx,
    id: number,
    actor: StaffActor,
    status: Exclude<InboundStatus, 'held'>,
    ticketId: number | null,
  ) {
    const settled = await repo.settle(trx, id, {
      status,
      ...(ticketId !== null ? { ticket_id: ticketId } : {}),
      reviewed_by: actor.accountId,
      processed_at: clock().toISOString(),
    });
    if (!settled) {
      throw errors.conflict('email_already_reviewed', message('errors:inbound.reviewedMeanwhile'));
    }
  }

  async function requireContact(db: DbOrTrx, clientId: number, contactId: number, field: string) {
    const contact = await repo.contactOfClient(db, clientId, contactId);
    if (!contact)
      throw errors.validation(
        { [field]: message('errors:inbound.contactOfClientField') },
        message('errors:inbound.contactNotOfClient'),
      );
    if (contact.status !== 'active') {
      throw errors.validation(
        { [field]: message('errors:inbound.contactInactiveField') },
        message('errors:inbound.contactInactive'),
      );
    }
    return contact;
  }

  async function get(actor: StaffActor, id: number): Promise<InboundEmailDetail> {
    const { db } = database.forActor(actor);
    const row = await repo.find(db, id);
    if (!row) throw errors.notFound(message('errors:notFound.email'));
    const known = row.from_address ? await repo.knownContacts(db, row.from_address) : [];
    const attachments = await attachmentsOf(row.raw_key);
    return {
      ...item(row),
      messageId: row.message_id,
      textBody: row.text_body.slice(0, MAX_TEXT),
      attachments: attachments.map((a) => ({ filename: a.filename, sizeBytes: a.data.length })),
      knownContacts: known.map((c) => ({
        contactId: c.id,
        name: c.name,
        clientId: c.client_id,
        clientName: c.client_name,
      })),
    };
  }

  return {
    get,

    async list(actor: StaffActor, query: InboundEmailFilters): Promise<InboundEmailList> {
      const limit = query.limit;
      const cursor = decodeCursor(query.cursor);
      const rows = await repo.list(database.forActor(actor).db, {
        status: query.status,
        beforeId: cursor ? cursor.id : null,
        limit,
      });
      const page = pageOf(rows, limit, () => null);
      return { items: page.items.map(item), nextCursor: page.nextCursor };
    },

    async createTicket(
      actor: StaffActor,
      id: number,
      body: { clientId: number; contactId: number },
      meta: RequestMeta,
    ): Promise<InboundEmailDetail> {
      const { db, transaction } = database.forActor(actor);
      const row = await requireHeld(db, id);
      const client = await repo.client(db, body.clientId);
      if (!client)
        throw errors.validation(
          { clientId: message('errors:tickets.chooseClient') },
          message('errors:notFound.client'),
        );
      if (client.archived_at) {
        throw errors.validation(
          { clientId: message('errors:inbound.clientArchivedField') },
          message('errors:inbound.clientArchived'),
        );
      }
      const attachments = await attachmentsOf(row.raw_key);
      const ticketId = await transaction(async (trx) => {
        await requireContact(trx, body.clientId, body.contactId, 'contactId');
        const language = await writtenIn(trx, body.contactId);
        const created = await tickets.createFromEmail(trx, {
          clientId: body.clientId,
          contactId: body.contactId,
          subject: subjectOf(row.subject, language),
          body: bodyOf(row.text_body, language),
          emailMessageId: row.message_id,
          attachments,
        });
        await settle(trx, id, actor, 'created', created.ticketId);
        await audit.record(trx, {
          actor,
          action: 'inbound.reviewed',
          clientId: body.clientId,
          target: { type: 'inbound_email', id },
          details: { decision: 'create-ticket', ticketId: created.ticketId, contactId: body.contactId },
          meta,
        });
        return created.ticketId;
      });
      await tickets.publishAfterCommit([{ type: 'ticket.created', ticketId }], db).catch(() => undefined);
      return get(actor, id);
    },

    async addToTicket(
      actor: StaffActor,
      id: number,
      body: { ticketId: number; contactId?: number | undefined },
      meta: RequestMeta,
    ): Promise<InboundEmailDetail> {
      const { db, transaction } = database.forActor(actor);
      const row = await requireHeld(db, id);
      const attachments = await attachmentsOf(row.raw_key);
      const ticketId = await transaction(async (trx) => {
        const ticket = await tickets.forEmail(trx, body.ticketId);
        if (!ticket)
          throw errors.validation(
            { ticketId: message('errors:inbound.noTicketField') },
            message('errors:notFound.ticket'),
          );
        let contactId = body.contactId;
        if (contactId === undefined) {
          const sender = await repo.contactByEmail(trx, ticket.clientId, row.from_address);
          if (sender?.status !== 'active') {
            throw errors.validation(
              {
                contactId: message('errors:inbound.senderNotContactField', { client: ticket.clientName }),
              },
              message('errors:inbound.chooseSender'),
            );
          }
          contactId = sender.id;
        } else {
          await requireContact(trx, ticket.clientId, contactId, 'contactId');
        }
        const result = await tickets.replyFromEmail(trx, {
          ticketId: ticket.id,
          contactId,
          body: bodyOf(stripQuotedText(row.text_body), await writtenIn(trx, contactId)),
          emailMessageId: row.message_id,
          attachments,
        });
        await settle(trx, id, actor, result.ticketId === ticket.id ? 'added' : 'created', result.ticketId);
        await audit.record(trx, {
          actor,
          action: 'inbound.reviewed',
          clientId: ticket.clientId,
          target: { type: 'inbound_email', id },
          details: { decision: 'add-to-ticket', ticketId: result.ticketId, contactId },
          meta,
        });
        return result.ticketId;
      });
      await tickets
        .publishAfterCommit(
          [
            { type: 'ticket.message', ticketId },
            { type: 'ticket.updated', ticketId },
          ],
          db,
        )
        .catch(() => undefined);
      return get(actor, id);
    },

    async discard(actor: StaffActor, id: number, meta: RequestMeta): Promise<InboundEmailDetail> {
      const { db, transaction } = database.forActor(actor);
      await requireHeld(db, id);
      await transaction(async (trx) => {
        await settle(trx, id, actor, 'discarded', null);
        await audit.record(trx, {
          actor,
          action: 'inbound.reviewed',
          target: { type: 'inbound_email', id },
          details: { decision: 'discard' },
          meta,
        });
      });
      return get(actor, id);
    },
  };
}
