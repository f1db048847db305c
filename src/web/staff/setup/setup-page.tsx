import { Alert, Anchor, Button, Checkbox, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const navigate = useNavigate();
  const setup = useRunSetup();
  const [values, setValues] = useState<SetupValues>(emptySetup);
  const [errors, setErrors] = useState<SetupErrors>({});

  if (!branding.setupRequired && !setup.isSuccess) {
    return (
      <AuthLayout brandName={branding.organisationName}>
        <Stack gap="sm" data-testid="already-set-up">
          <Title order={1}>{t('staffAdmin:setup.alreadyTitle')}</Title>
          <Text size="sm">{t('staffAdmin:setup.alreadyBody')}</Text>
          <Anchor href="/staff/" fw={600}>
            {t('staffAdmin:setup.signIn')}
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
    const found = validateSetup(values, t);
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
              {t('staffAdmin:setup.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('staffAdmin:setup.intro')}
            </Text>
          </div>

          {setup.isError ? (
            <Alert color="red" title={t('staffAdmin:setup.failed')} role="alert" data-testid="setup-error">
              {errorMessage(setup.error)}
              {setup.error instanceof ApiError && setup.error.code === 'already_set_up' ? (
                <>
                  {' '}
                  <Anchor href="/staff/">{t('staffAdmin:setup.signIn')}</Anchor>
                </>
              ) : null}
            </Alert>
          ) : null}

          <LimitedTextInput
            label={t('staffAdmin:settings.field.name')}
            description={t('staffAdmin:setup.organisationHelp')}
            dir="auto"
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
            label={t('staffAdmin:setup.ownerName')}
            dir="auto"
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
            label={t('staffAdmin:setup.email')}
            description={t('staffAdmin:setup.emailHelp')}
            dir="ltr"
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
            label={t('staffAdmin:setup.password')}
            description={t('staffAdmin:setup.passwordHelp', { min: MIN_PASSWORD_LENGTH })}
            name="ownerPassword"
            autoComplete="new-password"
            required
            value={values.ownerPassword}
            onChange={(e) => set('ownerPassword', e.currentTarget.value)}
            error={fieldError('ownerPassword')}
            data-testid="setup-owner-password"
          />
          <Checkbox
            label={t('staffAdmin:setup.demo')}
            description={t('staffAdmin:setup.demoHelp')}
            name="loadDemo"
            checked={values.loadDemo}
            onChange={(e) => set('loadDemo', e.currentTarget.checked)}
            data-testid="setup-load-demo"
          />
          <Button type="submit" fullWidth loading={setup.isPending} data-testid="setup-submit">
            {t('staffAdmin:setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
