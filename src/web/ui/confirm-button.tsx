import { Alert, Button, type ButtonProps, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client.ts';

/** A button that asks first: for actions that sign people out or hide things. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  pending,
  error,
  danger,
  buttonProps,
  testId,
  ariaLabel,
}: {
  label: string;
  title: string;
  message: string;
  confirmLabel: string;
  /** Runs the action; call `done` when it succeeded to close the dialog. */
  onConfirm: (done: () => void) => void;
  pending: boolean;
  error: unknown;
  danger?: boolean;
  buttonProps?: ButtonProps;
  testId?: string;
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        size="xs"
        variant="default"
        color={danger ? 'red' : undefined}
        onClick={open}
        data-testid={testId}
        aria-label={ariaLabel}
        {...buttonProps}
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Stack gap="md">
          <Text size="sm">{message}</Text>
          {opened && error ? (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('ui:common.cancel')}
            </Button>
            <Button
              color={danger ? 'red' : undefined}
              loading={pending}
              onClick={() => onConfirm(close)}
              data-testid={testId ? `${testId}-confirm` : undefined}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
