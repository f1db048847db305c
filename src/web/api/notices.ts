import { markedAll, notice, noticeList, unreadCount } from '../../shared/schemas/notices.ts';
import { api, toQuery } from './client.ts';

/** The bell (issue 14): the signed-in person's own notices, whichever face. */
export const noticeKeys = {
  all: ['notices'] as const,
  count: ['notices', 'unread-count'] as const,
  list: ['notices', 'list'] as const,
};

export function fetchUnreadNotices(signal?: AbortSignal) {
  return api.get('/notices/unread-count', unreadCount, signal);
}

export function fetchNotices(params: { cursor?: string | undefined; limit: number }, signal?: AbortSignal) {
  return api.get(`/notices${toQuery({ ...params })}`, noticeList, signal);
}

export function markNoticeRead(noticeId: number) {
  return api.post(`/notices/${noticeId}/read`, notice);
}

export function markAllNoticesRead() {
  return api.post('/notices/read-all', markedAll);
}
