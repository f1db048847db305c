import {
  Alert,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ContactPreset,
  contactPresets,
  presetLabels as englishPreset,
} from '../../../shared/permissions.ts';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ContactImportResponse } from '../../../shared/schemas/contacts.ts';
import { errorMessage } from '../../api/client.ts';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useImportContacts } from './api/contacts.ts';

const MAX_BYTES = 2_000_000;

/** The presets' names as the CSV takes them (the server reads the English ones) and as people read them. */
const presetKeys: Record<ContactPreset, `staffAdmin:${string}`> = {
  primary: 'staffAdmin:presets.primary',
  billing: 'staffAdmin:presets.billing',
  technical: 'staffAdmin:presets.technical',
  standard: 'staffAdmin:presets.standard',
  'read-only': 'staffAdmin:presets.readOnly',
};

/** Import contacts from CSV: check first (a preview with problems by line), then import all or nothing. */
export function ImportDialog({
  opened,
  onClose,
  client,
}: {
  opened: boolean;
  onClose: () => void;
  client: ClientResponse;
}) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<ContactImportResponse | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const run = useSubmitOnce(useImportContacts(client.id));

  const reset = () => {
    setCsv('');
    setPreview(null);
    setDone(null);
    setFileProblem(null);
    run.reset();
  };
  const close = () => {
    reset();
    onClose();
  };

  const onFile = async (file: File | null) => {
    setPreview(null);
    setFileProblem(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileProblem(t('staffAdmin:import.tooLarge'));
      return;
    }
    setCsv(await file.text());
  };

  const check = () => run.mutate({ csv, dryRun: true }, { onSuccess: setPreview });
  const importAll = () => run.mutate({ csv, dryRun: false }, { onSuccess: (r) => setDone(r.imported) });
  const clean = preview !== null && preview.errors.length === 0 && preview.rows.length > 0;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('staffAdmin:import.title', { client: client.name })}
      size="xl"
    >
      {done !== null ? (
        <Stack gap="md">
          <Alert color="teal" title={t('staffAdmin:import.doneTitle')} data-testid="import-done">
            {t('staffAdmin:import.doneBody', { count: done, client: client.name })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t('staffAdmin:close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            {t('staffAdmin:import.helpColumns')}{' '}
            {/* i18n-allow: the CSV's column names, which the import reads in English */}
            <Code>name,email,title,department,phone,mobile,preset</Code>
          </Text>
          <Text size="sm">
            {t('staffAdmin:import.helpPresets', {
              presets: contactPresets.map((p) => `${englishPreset[p]} (${t(presetKeys[p])})`).join(', '),
            })}
          </Text>
          <FileInput
            label={t('staffAdmin:import.file')}
            accept=".csv,text/csv"
            placeholder={t('staffAdmin:import.chooseFile')}
            onChange={(f) => void onFile(f)}
            error={fileProblem}
            clearable
            data-testid="import-file"
          />
          <Textarea
            label={t('staffAdmin:import.paste')}
            autosize
            minRows={4}
            maxRows={12}
            value={csv}
            onChange={(e) => {
              setCsv(e.currentTarget.value);
              setPreview(null);
            }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
            data-testid="import-text"
          />
          {run.isError ? (
            <Alert color="red" title={t('staffAdmin:import.failed')} role="alert" data-testid="import-error">
              {errorMessage(run.error)}
            </Alert>
          ) : null}
          {preview ? <Preview preview={preview} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('staffAdmin:cancel')}
            </Button>
            <Button
              variant={clean ? 'default' : 'filled'}
              onClick={check}
              disabled={!csv.trim()}
              loading={run.isPending && run.variables?.dryRun === true}
              data-testid="import-check"
            >
              {t('staffAdmin:import.check')}
            </Button>
            <Button
              onClick={importAll}
              disabled={!clean}
              loading={run.isPending && run.variables?.dryRun === false}
              data-testid="import-run"
            >
              {clean
                ? t('staffAdmin:import.runCount', { count: preview.rows.length })
                : t('staffAdmin:import.run')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Preview({ preview }: { preview: ContactImportResponse }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="import-preview">
      {preview.errors.length > 0 ? (
        <Alert
          color="red"
          title={t('staffAdmin:import.problems', { count: preview.errors.length })}
          data-testid="import-problems"
        >
          <List size="sm" spacing={2}>
            {preview.errors.map((e) => (
              <List.Item key={`${e.line}-${e.field ?? ''}-${e.message}`}>
                {e.field
                  ? t('staffAdmin:import.problemLineField', {
                      line: e.line,
                      field: e.field,
                      problem: e.message,
                    })
                  : t('staffAdmin:import.problemLine', { line: e.line, problem: e.message })}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="teal" title={t('staffAdmin:import.fine')}>
          {t('staffAdmin:import.willCreate', { count: preview.rows.length })}
        </Alert>
      )}
      {preview.rows.length > 0 ? (
        <Table.ScrollContainer minWidth={520} mah={280}>
          <Table striped withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('staffAdmin:import.colLine')}</Table.Th>
                <Table.Th scope="col">{t('staffAdmin:contacts.colName')}</Table.Th>
                <Table.Th scope="col">{t('staffAdmin:import.colEmail')}</Table.Th>
                <Table.Th scope="col">{t('staffAdmin:contacts.colAccess')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((r) => (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td dir="auto">{r.name}</Table.Td>
                  <Table.Td dir="auto">{r.email ?? '—'}</Table.Td>
                  <Table.Td>{r.presets.map((p) => t(presetKeys[p])).join(' + ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
