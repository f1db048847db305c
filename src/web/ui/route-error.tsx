import { Anchor, Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useNavigate, useRouteError } from 'react-router';
import { NotFound } from './states.tsx';

/** A short, stable name for what went wrong, for a support request (never the error's own text). */
function errorName(error: unknown): string | null {
  if (isRouteErrorResponse(error)) return String(error.status);
  if (error instanceof Error) return error.name;
  return null;
}

/**
 * What a router shows when a page crashes while rendering (its `errorElement`), instead of React
 * Router's developer page: a heading that takes the focus, what happened in the reader's language, and
 * the ways on: back to the page before (when there is one), reload, or the face's home page. `framed`:
 * outside the app's frame (a crash in the frame itself, or in a page without one), so it pads itself.
 */
export function RouteError({
  homeTo,
  homeLabel,
  framed = false,
}: {
  homeTo: string;
  homeLabel: string;
  framed?: boolean;
}) {
  const { t } = useTranslation();
  const error = useRouteError();
  const navigate = useNavigate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  if (isRouteErrorResponse(error) && error.status === 404) {
    return framed ? (
      <Container size="sm" py="xl">
        <NotFound homeTo={homeTo} homeLabel={homeLabel} />
      </Container>
    ) : (
      <NotFound homeTo={homeTo} homeLabel={homeLabel} />
    );
  }
  // React Router counts the entries of this tab's history it made: 0 is the first page opened here.
  const state: unknown = window.history.state;
  const canGoBack = typeof state === 'object' && state !== null && 'idx' in state && Number(state.idx) > 0;
  const name = errorName(error);

  const body = (
    <Stack
      component="section"
      gap="sm"
      maw={620}
      data-testid="route-error"
      aria-labelledby="route-error-title"
    >
      <Title order={1} id="route-error-title" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
        {t('ui:routeError.title')}
      </Title>
      <Text>{t('ui:routeError.body')}</Text>
      {name ? (
        <Text size="sm" c="dimmed">
          {t('ui:routeError.detail')} <Code dir="ltr">{name}</Code>
        </Text>
      ) : null}
      <Group gap="sm" mt="xs">
        {canGoBack ? (
          <Button variant="default" onClick={() => void navigate(-1)} data-testid="route-error-back">
            {t('ui:routeError.back')}
          </Button>
        ) : null}
        <Button onClick={() => window.location.reload()} data-testid="route-error-reload">
          {t('ui:routeError.reload')}
        </Button>
        <Anchor component={Link} to={homeTo} data-testid="route-error-home">
          {homeLabel}
        </Anchor>
      </Group>
    </Stack>
  );
  return framed ? (
    <Container size="sm" py="xl" component="main">
      {body}
    </Container>
  ) : (
    body
  );
}
