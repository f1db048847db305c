import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage, isNetworkError } from '../api/client.ts';
import { BootFrame } from './boot-frame.tsx';

export function PageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center mih={200} h="100%" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {label}…
        </Text>
      </Stack>
    </Center>
  );
}

/** Before the first page can show: the app's frame, as index.html painted it, with a word of progress. */
export function FullPageLoader({ label }: { label?: string }) {
  return <BootFrame {...(label ? { label } : {})} />;
}

export function ErrorState({
  error,
  onRetry,
  title = 'Something went wrong',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid="error-state">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry} data-testid="error-retry">
            Retry
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/**
 * Why a change was not saved, above the form that made it. When the server could not be reached the
 * form keeps what was typed and offers Retry, which sends it again.
 */
export function SubmitError({
  title,
  error,
  onRetry,
  testId,
  children,
}: {
  title: string;
  error: unknown;
  /** Sends it again; without one, Retry submits the form the message sits in. */
  onRetry?: () => void;
  testId?: string;
  children?: ReactNode;
}) {
  const network = isNetworkError(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {errorMessage(error)}
          {network ? ' What you wrote is kept here.' : ''}
        </Text>
        {children}
        {network ? (
          <Button
            size="xs"
            variant="white"
            color="red"
            onClick={(event) => (onRetry ? onRetry() : event.currentTarget.closest('form')?.requestSubmit())}
            data-testid="save-retry"
          >
            Retry
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function NotFound({ homeTo, homeLabel }: { homeTo: string; homeLabel: string }) {
  return (
    <Stack gap="sm" maw={560} data-testid="not-found">
      <Title order={1}>Page not found</Title>
      <Text>There is no page at this address. It may have moved, or the link may be mistyped.</Text>
      <Group>
        <Anchor component={Link} to={homeTo}>
          {homeLabel}
        </Anchor>
      </Group>
    </Stack>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack gap={4} mb="lg">
      <Title order={1}>{title}</Title>
      {children ? (
        <Text c="dimmed" size="sm">
          {children}
        </Text>
      ) : null}
    </Stack>
  );
}
