import { message } from '../../../shared/i18n/i18n.ts';
import { contactPermissions } from '../../../shared/permissions.ts';
import {
  type Notice,
  type NoticeKind,
  type NoticeList,
  type NoticeListQuery,
  type NoticeParams,
  noticeKinds,
  noticeParams,
} from '../../../shared/schemas/notices.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Database, DbOrTrx } from '../../platform/db/db.ts';
import { decodeCursor, pageOf } from '../../platform/pagination.ts';
import { type NoticeRow, noticesRepository } from './notices.repository.ts';

/**
 * Every staff member and every contact has a bell: the policy admits any role and any contact, and its
 * rows are the person's own notices only (a colleague's notice is "not found", never "forbidden").
 */
function noticesPolicy(actor: Actor): AccessPolicy {
  return {
    what: message('errors:notFound.notice'),
    staff: { permission: 'settings:view', denied: message('errors:notFound.notice') },
    contact: { anyOf: contactPermissions, denied: message('errors:notFound.notice') },
    rows: (db, ids) => noticesRepository.own(db, actor.accountId, ids),
  };
}

function present(row: NoticeRow): Notice {
  const kind = (noticeKinds as readonly string[]).includes(row.kind) ? (row.kind as NoticeKind) : null;
  const parsed = noticeParams.safeParse(JSON.parse(row.params));
  return {
    id: row.id,
    // A kind this version does not know (written by a newer one) reads as the nearest it can word.
    kind: kind ?? 'contractEnding',
    params: parsed.success ? parsed.data : {},
    link: row.link,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** For other modules (alerts), in the caller's transaction: the notices an effect leaves in bells. */
export const noticesDirectory = Object.freeze({
  async add(
    db: DbOrTrx,
    notices: readonly {
      accountId: number;
      clientId: number | null;
      kind: NoticeKind;
      params: NoticeParams;
      link: string | null;
    }[],
    at: string,
  ): Promise<void> {
    await noticesRepository.insertMany(
      db,
      notices.map((n) => ({
        account_id: n.accountId,
        client_id: n.clientId,
        kind: n.kind,
        params: JSON.stringify(noticeParams.parse(n.params)),
        link: n.link,
        created_at: at,
      })),
    );
  },
});

export type NoticesService = ReturnType<typeof createNoticesService>;

export function createNoticesService(deps: { database: Database; clock: Clock }) {
  const { database, clock } = deps;
  return {
    async list(actor: Actor, query: NoticeListQuery): Promise<NoticeList> {
      const db = database.forActor(actor).db;
      await requireAccess(db, noticesPolicy(actor));
      const limit = Number(query.limit ?? 25);
      const rows = await noticesRepository.page(db, actor.accountId, {
        cursor: decodeCursor(query.cursor),
        limit,
        unread: query.unread === 'true',
      });
      const page = pageOf(rows, limit, () => null);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },

    async unreadCount(actor: Actor): Promise<{ unread: number }> {
      const db = database.forActor(actor).db;
      await requireAccess(db, noticesPolicy(actor));
      return { unread: await noticesRepository.unreadCount(db, actor.accountId) };
    },

    /** Marks one of the person's notices read (again: no change). Another person's: 404, nothing changed. */
    async markRead(actor: Actor, noticeId: number): Promise<Notice> {
      return database.forActor(actor).transaction(async (trx) => {
        await requireAccess(trx, noticesPolicy(actor), [noticeId]);
        await noticesRepository.markRead(trx, actor.accountId, noticeId, clock().toISOString());
        const row = await noticesRepository.byId(trx, actor.accountId, noticeId);
        return present(row as NoticeRow);
      });
    },

    async markAllRead(actor: Actor): Promise<{ marked: number }> {
      const db = database.forActor(actor).db;
      await requireAccess(db, noticesPolicy(actor));
      return { marked: await noticesRepository.markAllRead(db, actor.accountId, clock().toISOString()) };
    },
  };
}
