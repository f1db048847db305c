import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/client.ts';
import { useSendPasswordReset } from './api.ts';

export interface ResetPasswordButtonProps {
  clientId: number;
  contactId: number;
  name: string;
}

/** Emails a contact a single-use link to choose a new password; staff never see or set it. */
export function ResetPasswordButton(props: ResetPasswordButtonProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="subtle"
        size="xs"
        onClick={() => setOpened(true)}
        aria-label={t('staffAdmin:reset.buttonNamed', { name: props.name })}
        data-testid={`reset-password-${props.contactId}`}
      >
        {t('staffAdmin:reset.button')}
      </Button>
      {opened ? <ResetDialog {...props} onClose={() => setOpened(false)} /> : null}
    </>
  );
}

function ResetDialog(props: ResetPasswordButtonProps & { onClose: () => void }) {
  const { t } = useTranslation();
  const send = useSendPasswordReset(props.clientId, props.contactId);
  return (
    <Modal opened onClose={props.onClose} title={t('staffAdmin:reset.title', { name: props.name })}>
      {send.isSuccess ? (
        <Stack gap="md">
          <Alert
            color="green"
            title={t('staffAdmin:reset.sentTitle')}
            role="status"
            data-testid="reset-password-sent"
          >
            {send.data.message} {t('staffAdmin:reset.sentBody')}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={props.onClose}>{t('staffAdmin:done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('staffAdmin:reset.body', { name: props.name })}</Text>
          {send.isError ? (
            <Alert color="red" role="alert" title={t('staffAdmin:reset.failed')}>
              {errorMessage(send.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('staffAdmin:cancel')}
            </Button>
            <Button
              loading={send.isPending}
              onClick={() => send.mutate()}
              data-testid="reset-password-confirm"
            >
              {t('staffAdmin:reset.confirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
