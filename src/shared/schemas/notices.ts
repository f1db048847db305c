import { z } from 'zod';
import { pageOf, pageQuery } from './pagination.ts';

/**
 * In-portal notices (issue 14, point 9): the bell in both faces. A notice is a kind and its parameters,
 * worded in the reader's language when shown (catalogue keys `ui:notices.<kind>.title` and `.body`),
 * never stored as text.
 */
export const noticeKinds = ['contractEnding', 'bankThreshold', 'bankOverage'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** Parameters are names, numbers and calendar dates ('YYYY-MM-DD'): nothing already worded. */
export const noticeParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type NoticeParams = z.infer<typeof noticeParams>;

export const notice = z
  .object({
    id: z.number().int(),
    kind: z.enum(noticeKinds),
    params: noticeParams,
    /** A path in the reader's face (e.g. /portal/contracts), or null. */
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notice' });
export type Notice = z.infer<typeof notice>;

export const noticeListQuery = z
  .object({ unread: z.enum(['true', 'false']).optional(), ...pageQuery })
  .strict();
export type NoticeListQuery = z.input<typeof noticeListQuery>;
export const noticeList = pageOf(notice).meta({ id: 'NoticeList' });
export type NoticeList = z.infer<typeof noticeList>;

export const noticeParamsSchema = z.object({ noticeId: z.coerce.number().int().positive() }).strict();
export const unreadCount = z.object({ unread: z.number().int() }).meta({ id: 'NoticeUnreadCount' });
export const markedAll = z.object({ marked: z.number().int() }).meta({ id: 'NoticesMarkedRead' });
