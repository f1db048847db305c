import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const link = useResetLink(token);
  const forgot = `/${face}/forgot-password`;
  const askAgain = (
    <PageLink href={forgot} testId="ask-new-link">
      {t('ui:reset.askAgain')}
    </PageLink>
  );

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title={t('ui:link.incomplete')} actions={askAgain}>
        {t('ui:reset.incompleteBody')}
      </LinkProblem>
    );
  } else if (link.isPending) {
    body = <PageLoader label={t('ui:reset.checking')} />;
  } else if (link.isError) {
    body = (
      <ErrorState
        title={t('ui:reset.couldNotCheck')}
        error={link.error}
        onRetry={() => void link.refetch()}
      />
    );
  } else if (link.data.status === 'expired') {
    body = (
      <LinkProblem title={t('ui:reset.expired')} actions={askAgain}>
        {t('ui:reset.expiredBody')}
      </LinkProblem>
    );
  } else if (link.data.status === 'used') {
    body = (
      <LinkProblem
        title={t('ui:reset.used')}
        actions={
          <>
            <PageLink href={signInHref[face]}>{t('ui:signIn.submit')}</PageLink>
            {askAgain}
          </>
        }
      >
        {t('ui:reset.usedBody')}
      </LinkProblem>
    );
  } else if (link.data.status === 'invalid') {
    body = (
      <LinkProblem title={t('ui:reset.invalid')} actions={askAgain}>
        {t('ui:reset.invalidBody')}
      </LinkProblem>
    );
  } else {
    body = <ResetForm token={token} />;
  }

  return <AuthLayout brandName={brandNameFor(face, branding)}>{body}</AuthLayout>;
}

function ResetForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const complete = useCompletePasswordReset();
  const [value, setValue] = useState(emptyNewPassword);
  const [problems, setProblems] = useState<{ password?: string; confirm?: string }>({});
  const fields = complete.error instanceof ApiError ? complete.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = newPasswordProblems(value, t);
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    complete.mutate({ token, password: value.password });
  };

  if (complete.isSuccess) {
    return (
      <Stack gap="md" data-testid="reset-done">
        <Title order={1} size="h2">
          {t('ui:reset.done')}
        </Title>
        <Text size="sm">{t('ui:reset.doneBody')}</Text>
        <Button component="a" href={complete.data.signInUrl} data-testid="reset-sign-in">
          {t('ui:signIn.submit')}
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="reset-title">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2" id="reset-title">
            {t('ui:reset.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ui:reset.body')}
          </Text>
        </div>
        {complete.isError && !fields.password ? (
          <Alert color="red" role="alert" title={t('ui:password.notChanged')}>
            {errorMessage(complete.error)}
          </Alert>
        ) : null}
        <NewPasswordFields
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={complete.isPending} data-testid="reset-submit">
          {t('ui:password.change')}
        </Button>
      </Stack>
    </form>
  );
}
