import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage, isNetworkError } from '../api/client.ts';
import { BootFrame } from './boot-frame.tsx';

export function PageLoader({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center mih={200} h="100%" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden="true" />
        <Text size="sm" c="dimmed">
          {t('ui:state.loadingLabel', { label: label ?? t('ui:boot.loading') })}
        </Text>
      </Stack>
    </Center>
  );
}

/** Before the first page can show: the app's frame, as index.html painted it, with a word of progress. */
export function FullPageLoader({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <BootFrame label={label ?? t('ui:boot.loading')} />;
}

export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t('ui:state.somethingWrong')}
      role="alert"
      data-testid="error-state"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry} data-testid="error-retry">
            {t('ui:state.retry')}
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
  const { t } = useTranslation();
  const network = isNetworkError(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-testid={testId}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {errorMessage(error)}
          {network ? ` ${t('ui:state.keptHere')}` : ''}
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
            {t('ui:state.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function NotFound({ homeTo, homeLabel }: { homeTo: string; homeLabel: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={560} data-testid="not-found">
      <Title order={1}>{t('ui:notFound.title')}</Title>
      <Text>{t('ui:notFound.body')}</Text>
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
