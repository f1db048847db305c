import { Button, Card, Group, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Pager } from '../../ui/pager.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';

/**
 * A client tab listing one kind of record a page at a time (orders, contracts): a button to add one
 * (for those who may), then loading, error, empty or the table with its pager. The words come translated.
 */
export function PagedClientTab<T>({
  list,
  pages,
  newLink,
  words,
  emptyTestId,
  children,
}: {
  list: UseQueryResult<{ items: T[]; nextCursor: string | null }>;
  pages: { page: number; hasPrevious: boolean; previous: () => void; next: (cursor: string) => void };
  /** Absent when the user may not add one. */
  newLink: { to: string; label: string; testId: string } | null;
  words: { loading: string; couldNotLoad: string; empty: string; pages: string };
  emptyTestId: string;
  /** The table of the page's items. */
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      {newLink ? (
        <Group mb="md">
          <Button component={Link} to={newLink.to} data-testid={newLink.testId}>
            {newLink.label}
          </Button>
        </Group>
      ) : null}
      {list.isPending ? (
        <PageLoader label={words.loading} />
      ) : list.isError ? (
        <ErrorState title={words.couldNotLoad} error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid={emptyTestId}>
          <Text fw={600}>{words.empty}</Text>
        </Card>
      ) : (
        <>
          {children(list.data.items)}
          <Pager
            label={words.pages}
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </>
  );
}
