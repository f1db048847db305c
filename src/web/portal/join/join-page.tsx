import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { joinBody } from '../../../shared/schemas/invitations.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { LinkProblem, PageLink, tokenFromSearch } from '../../ui/account/link-problem.tsx';
import {
  emptyNewPassword,
  NewPasswordFields,
  newPasswordProblems,
} from '../../ui/account/new-password-fields.tsx';
import { AuthLayout } from '../../ui/auth-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { ErrorState, PageLoader } from '../../ui/states.tsx';
import { useInviteLinkInfo, useJoin } from './api.ts';

/** Where a shareable invite link leads: anyone holding it creates a Standard login for its client. */
export function JoinPage() {
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const info = useInviteLinkInfo(token);
  const org = info.data?.organisationName ?? branding.organisationName;
  const signIn = <PageLink href="/portal/">Already have a login? Sign in</PageLink>;

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title="This invite link is incomplete" actions={signIn}>
        The address is missing part of the link. Copy the whole address you were given into your browser.
      </LinkProblem>
    );
  } else if (info.isPending) {
    body = <PageLoader label="Checking your invite link" />;
  } else if (info.isError) {
    body = (
      <ErrorState title="Could not check the link" error={info.error} onRetry={() => void info.refetch()} />
    );
  } else if (info.data.status === 'expired') {
    body = (
      <LinkProblem title="This invite link has expired" actions={signIn}>
        Invite links work for a limited time. Ask {org} for a new one.
      </LinkProblem>
    );
  } else if (info.data.status === 'used-up') {
    body = (
      <LinkProblem title="This invite link has been used up" actions={signIn}>
        It allowed a set number of people to join, and that many already have. Ask {org} for a new link.
      </LinkProblem>
    );
  } else if (info.data.status === 'revoked') {
    body = (
      <LinkProblem title="This invite link has been withdrawn" actions={signIn}>
        {org} has switched this link off, so nobody can join with it any more. Ask them for a new one if you
        still need access.
      </LinkProblem>
    );
  } else if (info.data.status === 'invalid') {
    body = (
      <LinkProblem title="This invite link does not work" actions={signIn}>
        Check that you copied the whole address, or ask {org} for a new link.
      </LinkProblem>
    );
  } else {
    body = (
      <JoinForm
        token={token}
        organisationName={info.data.organisationName}
        portalName={info.data.portalName}
        clientName={info.data.clientName ?? ''}
      />
    );
  }
  return <AuthLayout brandName={info.data?.portalName ?? branding.portalName}>{body}</AuthLayout>;
}

function JoinForm(props: {
  token: string;
  organisationName: string;
  portalName: string;
  clientName: string;
}) {
  const navigate = useNavigate();
  const join = useJoin();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [value, setValue] = useState(emptyNewPassword);
  const [problems, setProblems] = useState<{
    name?: string;
    email?: string;
    password?: string;
    confirm?: string;
  }>({});
  const fields = join.error instanceof ApiError ? join.error.fields : {};

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = {
      ...(name.trim() ? {} : { name: 'Enter your name' }),
      ...(email.trim() ? {} : { email: 'Enter your email address' }),
      ...newPasswordProblems(value),
    };
    setProblems(next);
    if (Object.keys(next).length > 0) return;
    join.mutate(
      { token: props.token, name: name.trim(), email: email.trim(), password: value.password },
      { onSuccess: () => void navigate('/portal/', { replace: true }) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="join-title">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2" id="join-title" data-testid="join-title">
            Join {props.clientName} on {props.portalName}
          </Title>
          <Text size="sm" c="dimmed">
            {props.organisationName} invites you to create your login to {props.portalName} for{' '}
            {props.clientName}.
          </Text>
        </div>
        {join.isError && Object.keys(fields).length === 0 ? (
          <Alert color="red" role="alert" title="Your login was not created" data-testid="join-error">
            {errorMessage(join.error)}
          </Alert>
        ) : null}
        <LimitedTextInput
          label="Your name"
          name="name"
          autoComplete="name"
          required
          maxLength={maxLengthOf(joinBody.shape.name)}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={problems.name ?? fields.name}
          data-testid="join-name"
        />
        <TextInput
          label="Email"
          description="You sign in with this address."
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={problems.email ?? fields.email}
          data-testid="join-email"
        />
        <NewPasswordFields
          label="Choose a password"
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={join.isPending} data-testid="join-submit">
          Create my login
        </Button>
        <Text size="sm" ta="center">
          <PageLink href="/portal/">Already have a login? Sign in</PageLink>
        </Text>
      </Stack>
    </form>
  );
}
