import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The plain explanation shown when a link from an email no longer works, with what to do next. */
export function LinkProblem(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Stack gap="md" data-testid="link-problem">
      <Title order={1} size="h2">
        {props.title}
      </Title>
      <Alert color="yellow" role="alert">
        <Text size="sm">{props.children}</Text>
      </Alert>
      {props.actions ? <Stack gap="xs">{props.actions}</Stack> : null}
    </Stack>
  );
}

/** A plain link that leaves this single-page app (the other face, or a fresh load of this one). */
export function PageLink(props: { href: string; children: ReactNode; testId?: string }) {
  return (
    <Anchor href={props.href} fw={600} data-testid={props.testId}>
      {props.children}
    </Anchor>
  );
}

/** The token from `?token=...`, or null when the address lost it. */
export function tokenFromSearch(params: URLSearchParams): string | null {
  const token = params.get('token')?.trim() ?? '';
  return /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}
