import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notice, NoticeList } from '../../shared/schemas/notices.ts';
import {
  fetchNotices,
  fetchUnreadNotices,
  markAllNoticesRead,
  markNoticeRead,
  noticeKeys,
} from '../api/notices.ts';
import { useFormat } from './i18n/use-format.ts';

const PAGE = 10;

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
      <path
        d="M6 10a6 6 0 1 1 12 0c0 4.5 2 6 2 6H4s2-1.5 2-6Z M10 19a2 2 0 0 0 4 0"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A notice in the reader's language: its kind's catalogue message with its parameters. */
function NoticeText({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const format = useFormat();
  const params = notice.params;
  const values = {
    contract: String(params.contract ?? ''),
    endDate: format.day(String(params.endDate ?? '')),
    periodEndDate: format.day(String(params.periodEndDate ?? '')),
    days: Number(params.days ?? 0),
    share: Number(params.share ?? 0),
  };
  const [title, body] =
    notice.kind === 'bankThreshold'
      ? [t('ui:notices.bankThreshold.title', values), t('ui:notices.bankThreshold.body', values)]
      : notice.kind === 'bankOverage'
        ? [t('ui:notices.bankOverage.title', values), t('ui:notices.bankOverage.body', values)]
        : [t('ui:notices.contractEnding.title', values), t('ui:notices.contractEnding.body', values)];
  return (
    <>
      <Text size="sm" fw={notice.readAt ? 500 : 700} dir="auto">
        {title}
      </Text>
      <Text size="xs" c="dimmed" dir="auto">
        {body}
      </Text>
    </>
  );
}

/**
 * The bell in both faces' header (issue 14): the unread count, and the person's notices newest first,
 * each opening its page and marking it read. `faceRoot`: the face's root path (/portal/, /staff/).
 */
export function NoticeBell({ faceRoot }: { faceRoot: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const count = useQuery({
    queryKey: noticeKeys.count,
    queryFn: ({ signal }) => fetchUnreadNotices(signal),
    refetchInterval: 60_000,
  });
  const list = useInfiniteQuery({
    queryKey: noticeKeys.list,
    queryFn: ({ pageParam, signal }) => fetchNotices({ cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opened,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: noticeKeys.all });
  const markOne = useMutation({
    mutationFn: markNoticeRead,
    // The list shows it read at once, before the refetch (it is not refetched while the menu is shut).
    onSuccess: (read) =>
      queryClient.setQueryData<InfiniteData<NoticeList>>(noticeKeys.list, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((p) => ({
                ...p,
                items: p.items.map((n) => (n.id === read.id ? read : n)),
              })),
            }
          : data,
      ),
    onSettled: refresh,
  });
  const markAll = useMutation({ mutationFn: markAllNoticesRead, onSettled: refresh });
  const unread = count.data?.unread ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  function open(notice: Notice) {
    setOpened(false);
    if (!notice.readAt) markOne.mutate(notice.id);
    // A notice's link is a path in the reader's face: /contracts under /portal or /staff.
    if (notice.link) void navigate(`${faceRoot.replace(/\/$/, '')}${notice.link}`);
  }

  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={18}
      disabled={unread === 0}
      offset={4}
      color="red"
      data-testid="notice-count"
    >
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" trapFocus>
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={t('ui:notices.bell', { count: unread })}
            data-testid="notice-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs" aria-label={t('ui:notices.title')} role="dialog">
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Text fw={700} size="sm" component="h2" m={0}>
              {t('ui:notices.title')}
            </Text>
            <Button
              variant="subtle"
              size="compact-xs"
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
              data-testid="notices-mark-all"
            >
              {t('ui:notices.markAllRead')}
            </Button>
          </Group>
          {list.isPending ? (
            <Group justify="center" p="sm">
              <Loader size="sm" aria-label={t('ui:notices.loading')} />
            </Group>
          ) : list.isError ? (
            <Text size="sm" c="red" role="alert">
              {t('ui:notices.failed')}
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('ui:notices.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={380}>
              <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {items.map((n) => (
                  <li key={n.id}>
                    <UnstyledButton
                      onClick={() => open(n)}
                      p="xs"
                      w="100%"
                      className="portico-notice"
                      data-unread={n.readAt ? undefined : 'true'}
                      data-testid="notice-item"
                    >
                      <NoticeText notice={n} />
                      <Text size="xs" c="dimmed" mt={2}>
                        {n.readAt ? null : `${t('ui:notices.unread')} · `}
                        {format.dateTime(n.createdAt)}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
              {list.hasNextPage ? (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  fullWidth
                  mt="xs"
                  loading={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  {t('ui:notices.more')}
                </Button>
              ) : null}
            </ScrollArea.Autosize>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
