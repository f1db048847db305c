import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const [params] = useSearchParams();
  const token = tokenFromSearch(params);
  const info = useInviteLinkInfo(token);
  const org = info.data?.organisationName ?? branding.organisationName;
  const signIn = <PageLink href="/portal/">{t('portalApp:join.haveLogin')}</PageLink>;

  let body: ReactNode;
  if (token === null) {
    body = (
      <LinkProblem title={t('portalApp:join.incomplete')} actions={signIn}>
        {t('portalApp:join.incompleteBody')}
      </LinkProblem>
    );
  } else if (info.isPending) {
    body = <PageLoader label={t('portalApp:join.checking')} />;
  } else if (info.isError) {
    body = (
      <ErrorState
        title={t('portalApp:join.couldNotCheck')}
        error={info.error}
        onRetry={() => void info.refetch()}
      />
    );
  } else if (info.data.status === 'expired') {
    body = (
      <LinkProblem title={t('portalApp:join.expired')} actions={signIn}>
        {t('portalApp:join.expiredBody', { organisation: org })}
      </LinkProblem>
    );
  } else if (info.data.status === 'used-up') {
    body = (
      <LinkProblem title={t('portalApp:join.usedUp')} actions={signIn}>
        {t('portalApp:join.usedUpBody', { organisation: org })}
      </LinkProblem>
    );
  } else if (info.data.status === 'revoked') {
    body = (
      <LinkProblem title={t('portalApp:join.revoked')} actions={signIn}>
        {t('portalApp:join.revokedBody', { organisation: org })}
      </LinkProblem>
    );
  } else if (info.data.status === 'invalid') {
    body = (
      <LinkProblem title={t('portalApp:join.invalid')} actions={signIn}>
        {t('portalApp:join.invalidBody', { organisation: org })}
      </LinkProblem>
    );
  } else {
    body = (
      <JoinForm
        token={token}
        organisationName={info.data.organisationName}
        portalName={info.data.portalName || branding.portalName}
        clientName={info.data.clientName ?? ''}
      />
    );
  }
  return <AuthLayout brandName={info.data?.portalName || branding.portalName}>{body}</AuthLayout>;
}

function JoinForm(props: {
  token: string;
  organisationName: string;
  portalName: string;
  clientName: string;
}) {
  const { t } = useTranslation();
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
      ...(name.trim() ? {} : { name: t('ui:profile.enterName') }),
      ...(email.trim() ? {} : { email: t('ui:signIn.enterEmail') }),
      ...newPasswordProblems(value, t),
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
            {t('portalApp:join.title', { client: props.clientName, portal: props.portalName })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('portalApp:join.body', {
              organisation: props.organisationName,
              portal: props.portalName,
              client: props.clientName,
            })}
          </Text>
        </div>
        {join.isError && Object.keys(fields).length === 0 ? (
          <Alert color="red" role="alert" title={t('portalApp:join.notCreated')} data-testid="join-error">
            {errorMessage(join.error)}
          </Alert>
        ) : null}
        <LimitedTextInput
          label={t('portalApp:join.yourName')}
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
          label={t('ui:signIn.email')}
          description={t('portalApp:join.emailHint')}
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
          label={t('portalApp:join.choosePassword')}
          value={value}
          onChange={setValue}
          errors={{ password: problems.password ?? fields.password, confirm: problems.confirm }}
        />
        <Button type="submit" fullWidth loading={join.isPending} data-testid="join-submit">
          {t('portalApp:join.submit')}
        </Button>
        <Text size="sm" ta="center">
          <PageLink href="/portal/">{t('portalApp:join.haveLogin')}</PageLink>
        </Text>
      </Stack>
    </form>
  );
}
