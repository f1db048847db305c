import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ContractResponse } from '../../../shared/schemas/contracts.ts';
import { useMe } from '../../api/auth.ts';
import { ApiError } from '../../api/client.ts';
import { contractStatusColours, contractStatusKeys, contractTypeKeys } from '../../ui/contract-words.ts';
import { useFormat } from '../../ui/i18n/use-format.ts';
import { ErrorState, NotFound, PageHeader, PageLoader, SubmitError } from '../../ui/states.tsx';
import { useContract, useUpdateContract } from './api.ts';
import { ContractFiles } from './contract-files.tsx';
import {
  ContractFormFields,
  type ContractFormValues,
  localProblems,
  toPatch,
  valuesFromContract,
} from './contract-form.tsx';
import { ContractHours } from './contract-hours.tsx';

export function ContractPage() {
  const { t } = useTranslation();
  const params = useParams();
  const contractId = Number(params.contractId);
  const valid = Number.isInteger(contractId) && contractId > 0;
  const contract = useContract(valid ? contractId : 0);
  if (!valid || (contract.isError && contract.error instanceof ApiError && contract.error.status === 404)) {
    return <NotFound homeTo="/staff/contracts" homeLabel={t('staffAdmin:contracts.backToList')} />;
  }
  if (contract.isPending) return <PageLoader label={t('staffAdmin:contracts.loadingOne')} />;
  if (contract.isError) {
    return (
      <ErrorState
        title={t('staffAdmin:contracts.couldNotLoadOne')}
        error={contract.error}
        onRetry={() => void contract.refetch()}
      />
    );
  }
  return <ContractView key={contract.data.updatedAt} contract={contract.data} />;
}

function ContractView({ contract }: { contract: ContractResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: me } = useMe();
  const canManage = me?.kind === 'staff' && me.permissions.includes('clients:manage');
  const [baseline, setBaseline] = useState<ContractFormValues>(() => valuesFromContract(contract));
  const [values, setValues] = useState<ContractFormValues>(baseline);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = useUpdateContract(contract.id);
  const patch = useMemo(() => toPatch(baseline, values), [baseline, values]);
  const dirty = Object.keys(patch).length > 0;
  const serverErrors = update.error instanceof ApiError ? update.error.fields : {};
  const editable = canManage && contract.status !== 'cancelled';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editable || !dirty) return;
    const found = localProblems(values, t);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(patch, {
      onSuccess: (fresh) => {
        const next = valuesFromContract(fresh);
        setBaseline(next);
        setValues(next);
        setSaved(true);
      },
    });
  };

  return (
    <>
      <Anchor component={Link} to="/staff/contracts" size="sm">
        {t('staffAdmin:contracts.backToList')}
      </Anchor>
      <PageHeader title={contract.name} />
      <Group gap="xs" mt={-8} mb="lg">
        <Badge color={contractStatusColours[contract.status]} data-testid="contract-status-badge">
          {t(contractStatusKeys[contract.status])}
        </Badge>
        <Text size="sm">{t(contractTypeKeys[contract.type])}</Text>
        <Anchor component={Link} to={`/staff/clients/${contract.clientId}/contracts`} size="sm" dir="auto">
          {contract.clientName}
        </Anchor>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mb="lg">
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('staffAdmin:contracts.detail.terms')}
          </Title>
          <Stack gap={4}>
            <Text size="sm">
              {t('staffAdmin:contracts.detail.period', {
                start: format.day(contract.startDate),
                end: contract.endDate ? format.day(contract.endDate) : t('staffAdmin:contracts.detail.noEnd'),
              })}
            </Text>
            <Text size="sm">
              {contract.renewalDate
                ? t('staffAdmin:contracts.detail.renewal', { date: format.day(contract.renewalDate) })
                : t('staffAdmin:contracts.detail.noRenewal')}
            </Text>
            <Text size="sm">
              {contract.autoRenew
                ? t('staffAdmin:contracts.detail.autoRenew')
                : t('staffAdmin:contracts.detail.noAutoRenew')}
            </Text>
            {contract.noticeDays !== null ? (
              <Text size="sm">{t('staffAdmin:contracts.detail.notice', { count: contract.noticeDays })}</Text>
            ) : null}
            <Text size="sm">
              {t('staffAdmin:contracts.detail.policy', {
                name: contract.slaPolicy?.name ?? t('staffAdmin:contracts.detail.defaultPolicy'),
              })}
            </Text>
            <Text size="sm">
              {t('staffAdmin:contracts.detail.calendar', {
                name: contract.slaCalendar?.name ?? t('staffAdmin:contracts.detail.policyCalendar'),
              })}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('staffAdmin:contracts.detail.sites')}
          </Title>
          {contract.allSites ? (
            <Text size="sm" mb="xs">
              {t('staffAdmin:contracts.detail.allSites')}
            </Text>
          ) : null}
          {contract.sites.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('staffAdmin:contracts.detail.noSites')}
            </Text>
          ) : (
            <List size="sm">
              {contract.sites.map((s) => (
                <List.Item key={s.id}>
                  <span dir="auto">{s.label}</span>
                </List.Item>
              ))}
            </List>
          )}
          <Title order={2} size="h4" mt="md" mb="xs">
            {t('staffAdmin:contracts.detail.contacts')}
          </Title>
          {contract.contacts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('staffAdmin:contracts.detail.noContacts')}
            </Text>
          ) : (
            <List size="sm">
              {contract.contacts.map((p) => (
                <List.Item key={p.id}>
                  <span dir="auto">{p.name}</span>
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      </SimpleGrid>

      <Card withBorder mb="lg">
        <Title order={2} size="h4" mb="xs">
          {t('staffAdmin:contracts.detail.scope')}
        </Title>
        {contract.scope.trim() ? (
          <div
            className="markdown"
            dir="auto"
            data-testid="contract-scope-html"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by src/shared/markdown.ts (raw HTML escaped, links limited)
            dangerouslySetInnerHTML={{ __html: contract.scopeHtml }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('staffAdmin:contracts.detail.noScope')}
          </Text>
        )}
      </Card>

      <ContractHours contract={contract} editable={editable} />

      <ContractFiles contract={contract} canManage={editable} />

      {!canManage ? (
        // View-only staff see no edit controls at all (the API would refuse them with a 403 that says why).
        <Alert color="gray" title={t('staffAdmin:viewOnly')} data-testid="contract-view-only">
          {t('staffAdmin:contracts.detail.viewOnly')}
        </Alert>
      ) : (
        editForm()
      )}
    </>
  );

  // A plain function, not a component: the form keeps its state and focus across renders.
  function editForm() {
    return (
      <>
        <Title order={2} size="h3" mb="sm">
          {t('staffAdmin:contracts.detail.edit')}
        </Title>
        <form
          onSubmit={onSubmit}
          noValidate
          aria-label={t('staffAdmin:contracts.detail.formLabel', { name: contract.name })}
        >
          <Stack gap="lg">
            {contract.status === 'cancelled' ? (
              <Alert color="gray" title={t('staffAdmin:contracts.detail.cancelledTitle')}>
                {t('errors:contracts.cancelled')}
              </Alert>
            ) : null}
            <ContractFormFields
              values={values}
              onChange={(v) => {
                setValues(v);
                setLocal({});
                setSaved(false);
              }}
              errors={{ ...serverErrors, ...local }}
              disabled={!editable || update.isPending}
              creating={false}
              savedStatus={contract.status}
            />
            {update.isError ? (
              <SubmitError title={t('staffAdmin:contracts.detail.notSaved')} error={update.error} />
            ) : null}
            {saved && !dirty ? (
              <Text size="sm" role="status" data-testid="contract-saved">
                {t('staffAdmin:contracts.detail.saved')}
              </Text>
            ) : null}
            {editable ? (
              <Group>
                <Button
                  type="submit"
                  disabled={!dirty}
                  loading={update.isPending}
                  data-testid="contract-save"
                >
                  {t('staffAdmin:contracts.detail.save')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </form>
      </>
    );
  }
}
