import { Anchor, Button, Card, FileButton, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ContractResponse, contractFile } from '../../../shared/schemas/contracts.ts';
import { api } from '../../api/client.ts';
import { contractKeys } from '../../api/contracts.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { SubmitError } from '../../ui/states.tsx';

/**
 * A contract's documents: everyone who sees the contract downloads them; staff who may change contracts
 * add (checked like ticket attachments) and remove them. Contacts download them from the portal.
 */
export function ContractFiles({ contract, canManage }: { contract: ContractResponse; canManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: contractKeys.detail(contract.id) });
  const add = useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file);
      return api.post(`/contracts/${contract.id}/files`, contractFile, body);
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (fileId: number) => api.delete(`/contracts/${contract.id}/files/${fileId}`, z.null()),
    onSuccess: refresh,
  });
  return (
    <Card withBorder mb="lg" component="section" aria-labelledby="contract-files-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="contract-files-title">
          {t('staffAdmin:contracts.files.title')}
        </Title>
        {canManage ? (
          <FileButton onChange={(file) => file && add.mutate(file)}>
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="light"
                loading={add.isPending}
                data-testid="contract-file-add"
              >
                {t('staffAdmin:contracts.files.add')}
              </Button>
            )}
          </FileButton>
        ) : null}
      </Group>
      <Stack gap="xs">
        {contract.files.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('staffAdmin:contracts.files.none')}
          </Text>
        ) : (
          <List size="sm" spacing={4} data-testid="contract-files">
            {contract.files.map((f) => (
              <List.Item key={f.id}>
                <Group gap="xs" wrap="nowrap">
                  <Anchor href={f.url} download={f.filename} dir="auto">
                    {f.filename}
                  </Anchor>
                  <Text span size="xs" c="dimmed">
                    {format.fileSize(f.sizeBytes)}
                  </Text>
                  {canManage ? (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      loading={remove.isPending && remove.variables === f.id}
                      onClick={() => remove.mutate(f.id)}
                      aria-label={t('staffAdmin:contracts.files.removeNamed', { name: f.filename })}
                    >
                      {t('staffAdmin:contracts.files.remove')}
                    </Button>
                  ) : null}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {add.isError ? (
          <SubmitError title={t('staffAdmin:contracts.files.notAdded')} error={add.error} />
        ) : null}
        {remove.isError ? (
          <SubmitError title={t('staffAdmin:contracts.files.notRemoved')} error={remove.error} />
        ) : null}
      </Stack>
    </Card>
  );
}
