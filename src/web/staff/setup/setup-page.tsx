import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { setupBody } from '../../../shared/schemas/setup.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { AuthLayout } from '../../ui/auth-layout.tsx';
import { useBrandingContext } from '../../ui/branding-context.ts';
import { maxLengthOf } from '../../ui/character-limit.ts';
import { LimitedTextInput } from '../../ui/limited-field.tsx';
import { useRunSetup } from './api/run-setup.ts';
import {
  emptySetup,
  MIN_PASSWORD_LENGTH,
  type SetupErrors,
  type SetupValues,
  validateSetup,
} from './setup-form.ts';

/** First run: name the organisation and create the owner, who is then signed in. */
export function SetupPage() {
  const branding = useBrandingContext();
  const navigate = useNavigate();
  const setup = useRunSetup();
  const [values, setValues] = useState<SetupValues>(emptySetup);
  const [errors, setErrors] = useState<SetupErrors>({});

  if (!branding.setupRequired && !setup.isSuccess) {
    return (
      <AuthLayout brandName={branding.organisationName}>
        <Stack gap="sm" data-testid="already-set-up">
          <Title order={1}>Portico is already set up</Title>
          <Text size="sm">The owner account exists. Sign in with your account to continue.</Text>
          <Anchor href="/staff/" fw={600}>
            Go to staff sign-in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  const set = <K extends keyof SetupValues>(key: K, value: SetupValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const serverFields: SetupErrors = setup.error instanceof ApiError ? setup.error.fields : {};
  const fieldError = (key: keyof SetupValues) => errors[key] ?? serverFields[key];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateSetup(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setup.mutate(
      { ...values, organisationName: values.organisationName.trim(), ownerEmail: values.ownerEmail.trim() },
      { onSuccess: () => void navigate('/staff/', { replace: true }) },
    );
  };

  return (
    <AuthLayout brandName="Portico">
      <form onSubmit={onSubmit} noValidate aria-labelledby="setup-title">
        <Stack gap="md">
          <div>
            <Title order={1} id="setup-title">
              Set up Portico
            </Title>
            <Text size="sm" c="dimmed">
              Name your organisation and create the owner account. You can change everything else later in
              Settings.
            </Text>
          </div>

          {setup.isError ? (
            <Alert color="red" title="Setup did not complete" role="alert" data-testid="setup-error">
              {errorMessage(setup.error)}
              {setup.error instanceof ApiError && setup.error.code === 'already_set_up' ? (
                <>
                  {' '}
                  <Anchor href="/staff/">Go to staff sign-in</Anchor>
                </>
              ) : null}
            </Alert>
          ) : null}

          <LimitedTextInput
            label="Organisation name"
            description="Your company, as clients know it"
            name="organisationName"
            autoComplete="organization"
            required
            maxLength={maxLengthOf(setupBody.shape.organisationName)}
            value={values.organisationName}
            onChange={(e) => set('organisationName', e.currentTarget.value)}
            error={fieldError('organisationName')}
            data-testid="setup-organisation-name"
          />
          <LimitedTextInput
            label="Your name"
            name="ownerName"
            autoComplete="name"
            required
            maxLength={maxLengthOf(setupBody.shape.ownerName)}
            value={values.ownerName}
            onChange={(e) => set('ownerName', e.currentTarget.value)}
            error={fieldError('ownerName')}
            data-testid="setup-owner-name"
          />
          <TextInput
            label="Email"
            description="You will sign in with this address"
            type="email"
            name="ownerEmail"
            autoComplete="email"
            required
            value={values.ownerEmail}
            onChange={(e) => set('ownerEmail', e.currentTarget.value)}
            error={fieldError('ownerEmail')}
            data-testid="setup-owner-email"
          />
          <PasswordInput
            label="Password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters`}
            name="ownerPassword"
            autoComplete="new-password"
            required
            value={values.ownerPassword}
            onChange={(e) => set('ownerPassword', e.currentTarget.value)}
            error={fieldError('ownerPassword')}
            data-testid="setup-owner-password"
          />
          <Checkbox
            label="Load demo data"
            description="Adds sample clients, contacts and records so you can explore Portico"
            name="loadDemo"
            checked={values.loadDemo}
            onChange={(e) => set('loadDemo', e.currentTarget.checked)}
            data-testid="setup-load-demo"
          />
          <Button type="submit" fullWidth loading={setup.isPending} data-testid="setup-submit">
            Set up Portico
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
