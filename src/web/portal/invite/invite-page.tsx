import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { LinkProblem, PageLink, tokenFromSearch } from '../../ui/account/link-problem.tsx';
import {
  emptyNewPassword,
  NewPasswordFields,
  newPasswordProblems,
} from '../../ui/account/new-password-fields.tsx';
import { AuthLayout } from '../../ui/auth-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useAcceptInvitation, useInvitation } from './api.ts';

/** Where an emailed invitation leads: the contact chooses a password and is signed in. */
export function InvitePage() {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const invitation = useInvitation(token);
  const signIn = <PageLink href="/portal/">{t('portalApp:invite.goToSignIn')}</PageLink>;

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title={t('portalApp:invite.incomplete')}>
        {t('portalApp:invite.incompleteBody')}
      </LinkProblem>
    );
  } else if (invitation.isPending) {
    body = <PageLoader label={t('portalApp:invite.checking')} />;
  } else if (invitation.isError) {
    body = (
      <ErrorState
        title={t('portalApp:invite.couldNotCheck')}
        error={invitation.error}
        onRetry={() => void invitation.refetch()}
      />
    );
  } else if (invitation.data.status === 'expired') {
    body = (
      <LinkProblem title={t('portalApp:invite.expired')} actions={signIn}>
        {t('portalApp:invite.expiredBody', { organisation: branding.organisationName })}
      </LinkProblem>
    );
  } else if (invitation.data.status === 'used') {
    body = (
      <LinkProblem
        title={t('portalApp:invite.used')}
        actions={
          <>
            {signIn}
            <PageLink href="/portal/forgot-password">{t('ui:forgot.title')}</PageLink>
          </>
        }
      >
        {t('portalApp:invite.usedBody')}
      </LinkProblem>
    );
  } else if (invitation.data.status === 'invalid') {
    body = (
      <LinkProblem title={t('portalApp:invite.invalid')} actions={signIn}>
        {t('portalApp:invite.invalidBody', { organisation: branding.organisationName })}
      </LinkProblem>
    );
  } else {
    body = (
      <AcceptForm
        token={token}
        name={invitation.data.name ?? ''}
        email={invitation.data.email ?? ''}
        clientName={invitation.data.clientName ?? ''}
      />
    );
  }
  return <AuthLayout brandName={branding.portalName}>{body}</AuthLayout>;
}

function AcceptForm(props: { token: string; name: string; email: string; clientName: string }) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [value, setValue] = useState(emptyNewPassword);
  const [problems, setProblems] = useState<{ password?: string; confirm?: string }>({});
  const fields = accept.error instanceof ApiError ? accept.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = newPasswordProblems(value, t);
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    accept.mutate(
      { token: props.token, password: value.password },
      { onSuccess: () => void navigate('/portal/', { replace: true }) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="invite-title">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2" id="invite-title" data-testid="invite-title">
            {t('portalApp:invite.welcome', { name: props.name })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('portalApp:invite.body', {
              organisation: branding.organisationName,
              portal: branding.portalName,
              client: props.clientName,
            })}
          </Text>
        </div>
        {accept.isError && !fields.password ? (
          <Alert color="red" role="alert" title={t('portalApp:invite.notSetUp')}>
            {errorMessage(accept.error)}
          </Alert>
        ) : null}
        <TextInput
          label={t('ui:signIn.email')}
          description={t('portalApp:join.emailHint')}
          value={props.email}
          readOnly
          autoComplete="username"
          data-testid="invite-email"
        />
        <NewPasswordFields
          label={t('portalApp:join.choosePassword')}
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={accept.isPending} data-testid="invite-accept">
          {t('portalApp:invite.submit')}
        </Button>
      </Stack>
    </form>
  );
}
