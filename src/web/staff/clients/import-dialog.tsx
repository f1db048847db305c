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
import { presetLabels } from '../../../shared/permissions.ts';
import type { ClientResponse } from '../../../shared/schemas/clients.ts';
import type { ContactImportResponse } from '../../../shared/schemas/contacts.ts';
import { errorMessage } from '../../api/client.ts';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useImportContacts } from './api/contacts.ts';

const MAX_BYTES = 2_000_000;

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
      setFileProblem('The file is larger than 2 MB; split it into smaller files.');
      return;
    }
    setCsv(await file.text());
  };

  const check = () => run.mutate({ csv, dryRun: true }, { onSuccess: setPreview });
  const importAll = () => run.mutate({ csv, dryRun: false }, { onSuccess: (r) => setDone(r.imported) });
  const clean = preview !== null && preview.errors.length === 0 && preview.rows.length > 0;

  return (
    <Modal opened={opened} onClose={close} title={`Import contacts into ${client.name}`} size="xl">
      {done !== null ? (
        <Stack gap="md">
          <Alert color="teal" title="Imported" data-testid="import-done">
            {done} {done === 1 ? 'contact was' : 'contacts were'} added to {client.name}. None has a portal
            login yet; invite them from the Portal tab.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            A CSV file with a header row. Columns:{' '}
            <Code>name,email,title,department,phone,mobile,preset</Code>. Only <Code>name</Code> is required.{' '}
            <Code>preset</Code> is one or more of {Object.values(presetLabels).join(', ')}, joined with “+” or
            “;”; empty means Standard. Nothing is imported if any line has a problem.
          </Text>
          <FileInput
            label="CSV file"
            accept=".csv,text/csv"
            placeholder="Choose a file"
            onChange={(f) => void onFile(f)}
            error={fileProblem}
            clearable
            data-testid="import-file"
          />
          <Textarea
            label="Or paste the CSV here"
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
            <Alert color="red" title="Nothing was imported" role="alert" data-testid="import-error">
              {errorMessage(run.error)}
            </Alert>
          ) : null}
          {preview ? <Preview preview={preview} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              variant={clean ? 'default' : 'filled'}
              onClick={check}
              disabled={!csv.trim()}
              loading={run.isPending && run.variables?.dryRun === true}
              data-testid="import-check"
            >
              Check the file
            </Button>
            <Button
              onClick={importAll}
              disabled={!clean}
              loading={run.isPending && run.variables?.dryRun === false}
              data-testid="import-run"
            >
              {clean
                ? `Import ${preview.rows.length} contact${preview.rows.length === 1 ? '' : 's'}`
                : 'Import'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Preview({ preview }: { preview: ContactImportResponse }) {
  return (
    <Stack gap="sm" data-testid="import-preview">
      {preview.errors.length > 0 ? (
        <Alert
          color="red"
          title={`${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'} to fix before importing`}
          data-testid="import-problems"
        >
          <List size="sm" spacing={2}>
            {preview.errors.map((e) => (
              <List.Item key={`${e.line}-${e.field ?? ''}-${e.message}`}>
                Line {e.line}
                {e.field ? ` (${e.field})` : ''}: {e.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="teal" title="The file is fine">
          {preview.rows.length} {preview.rows.length === 1 ? 'contact' : 'contacts'} will be created.
        </Alert>
      )}
      {preview.rows.length > 0 ? (
        <Table.ScrollContainer minWidth={520} mah={280}>
          <Table striped withTableBorder verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Line</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Access</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((r) => (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.email ?? '—'}</Table.Td>
                  <Table.Td>{r.presets.map((p) => presetLabels[p]).join(' + ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
