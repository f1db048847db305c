import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { useSendPasswordReset } from './api.ts';

export interface ResetPasswordButtonProps {
  clientId: number;
  contactId: number;
  name: string;
}

/** Emails a contact a single-use link to choose a new password; staff never see or set it. */
export function ResetPasswordButton(props: ResetPasswordButtonProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="subtle"
        size="xs"
        onClick={() => setOpened(true)}
        aria-label={`Reset password for ${props.name}`}
        data-testid={`reset-password-${props.contactId}`}
      >
        Reset password
      </Button>
      {opened ? <ResetDialog {...props} onClose={() => setOpened(false)} /> : null}
    </>
  );
}

function ResetDialog(props: ResetPasswordButtonProps & { onClose: () => void }) {
  const send = useSendPasswordReset(props.clientId, props.contactId);
  return (
    <Modal opened onClose={props.onClose} title={`Reset the password of ${props.name}?`}>
      {send.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" title="Reset link sent" role="status" data-testid="reset-password-sent">
            {send.data.message} It works once and expires in one hour.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={props.onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            {props.name} receives an email with a link to choose a new password. The link works once and
            expires in one hour. Their current password keeps working until they use it.
          </Text>
          {send.isError ? (
            <Alert color="red" role="alert" title="No link was sent">
              {errorMessage(send.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              loading={send.isPending}
              onClick={() => send.mutate()}
              data-testid="reset-password-confirm"
            >
              Email a reset link
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
