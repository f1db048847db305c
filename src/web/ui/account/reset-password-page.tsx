import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useCompletePasswordReset, useResetLink } from '../../api/password-reset.ts';
import { AuthLayout } from '../auth-layout.tsx';
import { useBrandingContext } from '../branding-context.ts';
import { ErrorState, PageLoader } from '../states.tsx';
import { brandNameFor, type Face, signInHref } from './forgot-password-page.tsx';
import { LinkProblem, PageLink, tokenFromSearch } from './link-problem.tsx';
import { emptyNewPassword, NewPasswordFields, newPasswordProblems } from './new-password-fields.tsx';

/** The page a reset email links to: choose a new password, then sign in (two-factor still applies). */
export function ResetPasswordPage({ face }: { face: Face }) {
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const link = useResetLink(token);
  const forgot = `/${face}/forgot-password`;
  const askAgain = (
    <PageLink href={forgot} testId="ask-new-link">
      Ask for a new link
    </PageLink>
  );

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title="This link is incomplete" actions={askAgain}>
        The address is missing part of the link. Open the link from the email again, or copy the whole address
        into your browser.
      </LinkProblem>
    );
  } else if (link.isPending) {
    body = <PageLoader label="Checking your link" />;
  } else if (link.isError) {
    body = (
      <ErrorState title="Could not check your link" error={link.error} onRetry={() => void link.refetch()} />
    );
  } else if (link.data.status === 'expired') {
    body = (
      <LinkProblem title="This link has expired" actions={askAgain}>
        Password reset links work for one hour. Ask for a new one and use it soon after it arrives.
      </LinkProblem>
    );
  } else if (link.data.status === 'used') {
    body = (
      <LinkProblem
        title="This link has already been used"
        actions={
          <>
            <PageLink href={signInHref[face]}>Sign in</PageLink>
            {askAgain}
          </>
        }
      >
        Each reset link works once. If you chose a new password with it, sign in with that password.
      </LinkProblem>
    );
  } else if (link.data.status === 'invalid') {
    body = (
      <LinkProblem title="This link does not work" actions={askAgain}>
        It may have been replaced by a newer reset link (only the newest one works), or the address was not
        copied completely.
      </LinkProblem>
    );
  } else {
    body = <ResetForm token={token} />;
  }

  return <AuthLayout brandName={brandNameFor(face, branding)}>{body}</AuthLayout>;
}

function ResetForm({ token }: { token: string }) {
  const complete = useCompletePasswordReset();
  const [value, setValue] = useState(emptyNewPassword);
  const [problems, setProblems] = useState<{ password?: string; confirm?: string }>({});
  const fields = complete.error instanceof ApiError ? complete.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = newPasswordProblems(value);
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    complete.mutate({ token, password: value.password });
  };

  if (complete.isSuccess) {
    return (
      <Stack gap="md" data-testid="reset-done">
        <Title order={1} size="h2">
          Your password has been changed
        </Title>
        <Text size="sm">
          You have been signed out everywhere. Sign in with your new password (and your two-factor code, if
          you use one).
        </Text>
        <Button component="a" href={complete.data.signInUrl} data-testid="reset-sign-in">
          Sign in
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="reset-title">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2" id="reset-title">
            Choose a new password
          </Title>
          <Text size="sm" c="dimmed">
            After this you sign in again; every other session is signed out.
          </Text>
        </div>
        {complete.isError && !fields.password ? (
          <Alert color="red" role="alert" title="Your password was not changed">
            {errorMessage(complete.error)}
          </Alert>
        ) : null}
        <NewPasswordFields
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={complete.isPending} data-testid="reset-submit">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
