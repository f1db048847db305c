import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
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
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const invitation = useInvitation(token);
  const signIn = <PageLink href="/portal/">Go to sign in</PageLink>;

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title="This invitation link is incomplete">
        The address is missing part of the link. Open the link from the invitation email again, or copy the
        whole address into your browser.
      </LinkProblem>
    );
  } else if (invitation.isPending) {
    body = <PageLoader label="Checking your invitation" />;
  } else if (invitation.isError) {
    body = (
      <ErrorState
        title="Could not check your invitation"
        error={invitation.error}
        onRetry={() => void invitation.refetch()}
      />
    );
  } else if (invitation.data.status === 'expired') {
    body = (
      <LinkProblem title="This invitation has expired" actions={signIn}>
        Invitations work for 7 days. Ask {branding.organisationName} to send you a new one.
      </LinkProblem>
    );
  } else if (invitation.data.status === 'used') {
    body = (
      <LinkProblem
        title="This invitation has already been used"
        actions={
          <>
            {signIn}
            <PageLink href="/portal/forgot-password">Forgot your password?</PageLink>
          </>
        }
      >
        You already have a login. Sign in with the password you chose, or reset it if you have forgotten it.
      </LinkProblem>
    );
  } else if (invitation.data.status === 'invalid') {
    body = (
      <LinkProblem title="This invitation link does not work" actions={signIn}>
        It may have been replaced by a newer invitation (only the newest one works), or the address was not
        copied completely. Ask {branding.organisationName} to send you a new invitation.
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
  const branding = useBrandingContext();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [value, setValue] = useState(emptyNewPassword);
  const [problems, setProblems] = useState<{ password?: string; confirm?: string }>({});
  const fields = accept.error instanceof ApiError ? accept.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = newPasswordProblems(value);
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
            Welcome, {props.name}
          </Title>
          <Text size="sm" c="dimmed">
            {branding.organisationName} has invited you to {branding.portalName} for {props.clientName}.
            Choose a password to finish setting up your login.
          </Text>
        </div>
        {accept.isError && !fields.password ? (
          <Alert color="red" role="alert" title="Your login was not set up">
            {errorMessage(accept.error)}
          </Alert>
        ) : null}
        <TextInput
          label="Email"
          description="You sign in with this address."
          value={props.email}
          readOnly
          autoComplete="username"
          data-testid="invite-email"
        />
        <NewPasswordFields
          label="Choose a password"
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={accept.isPending} data-testid="invite-accept">
          Set password and sign in
        </Button>
      </Stack>
    </form>
  );
}
