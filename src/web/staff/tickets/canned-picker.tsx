import { Alert, Button, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { useCannedResponses } from './api/tickets.ts';

/**
 * "Insert canned response": search the team's saved replies and insert one where the cursor was. The
 * dialog hands focus back to the text (the caller does that in `onInsert`).
 */
export function CannedPicker({
  onInsert,
  disabled,
}: {
  onInsert: (body: string) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const canned = useCannedResponses(q, opened);
  const items = canned.data?.items ?? [];

  return (
    <>
      <Button size="compact-xs" variant="subtle" onClick={open} disabled={disabled} data-testid="canned-open">
        {t('staffApp:tickets.canned.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('staffApp:tickets.canned.title')}
        size="lg"
        returnFocus={false}
      >
        <Stack gap="sm">
          <TextInput
            label={t('staffApp:tickets.canned.search')}
            description={t('staffApp:tickets.canned.searchHint')}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-autofocus
            data-testid="canned-search"
          />
          {canned.isPending ? (
            <Text size="sm" c="dimmed" role="status">
              {t('staffApp:actions.loading')}
            </Text>
          ) : canned.isError ? (
            <Alert color="red" role="alert">
              {errorMessage(canned.error)}
            </Alert>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="canned-empty">
              {q ? t('staffApp:tickets.canned.noMatch', { q }) : t('staffApp:tickets.canned.none')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360} type="auto">
              <Stack
                component="ul"
                gap={4}
                p={0}
                m={0}
                style={{ listStyle: 'none' }}
                aria-label={t('staffApp:tickets.canned.list')}
              >
                {items.map((item) => (
                  <li key={item.id}>
                    <UnstyledButton
                      w="100%"
                      p="xs"
                      className="portico-canned-item"
                      style={{
                        borderRadius: 'var(--mantine-radius-sm)',
                        border: '1px solid var(--mantine-color-default-border)',
                      }}
                      onClick={() => {
                        close();
                        onInsert(item.body);
                      }}
                      data-testid={`canned-${item.id}`}
                    >
                      <Text size="sm" fw={600} dir="auto">
                        {item.title}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={2} dir="auto">
                        {item.body}
                      </Text>
                    </UnstyledButton>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Stack>
      </Modal>
    </>
  );
}
