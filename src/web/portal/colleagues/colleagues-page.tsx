import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ContactPermission } from '../../../shared/permissions.ts';
import type { ColleagueListQuery, ColleagueResponse } from '../../../shared/schemas/contacts.ts';
import { useMe } from '../../api/auth.ts';
import { presetsInWords } from '../../ui/access-words.ts';
import { ContactDialog } from '../../ui/contact-dialog.tsx';
import { contactValues } from '../../ui/contact-form.ts';
import { ErrorState, PageHeader, PageLoader } from '../../ui/states.tsx';
import { useSubmitOnce } from '../../ui/use-submit-once.ts';
import { useAddColleague, useColleagues } from './api.ts';

export function ColleaguesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const canManage = me?.kind === 'contact' && me.permissions.includes('contacts:manage');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<'active' | 'inactive' | 'all'>('active');
  const [cursors, setCursors] = useState<{ key: string; stack: (string | undefined)[] }>({
    key: '',
    stack: [undefined],
  });
  const key = `${q}|${status}`;
  const stack = cursors.key === key ? cursors.stack : [undefined];
  const params: ColleagueListQuery = { q: q || undefined, status, limit: 24, cursor: stack.at(-1) };
  const list = useColleagues(params);
  const [adding, addDialog] = useDisclosure(false);
  const add = useSubmitOnce(useAddColleague());
  if (me?.kind !== 'contact') return null;
  const held = new Set<ContactPermission>(me.permissions);

  return (
    <>
      <PageHeader title={t('portalApp:nav.colleagues')}>
        {canManage
          ? t('portalApp:colleagues.introManage', { client: me.client.name })
          : t('portalApp:colleagues.intro', { client: me.client.name })}
      </PageHeader>
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <TextInput
          label={t('portalApp:colleagues.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
          data-testid="colleagues-search"
        />
        {canManage ? (
          <Select
            label={t('portalApp:colleagues.show')}
            data={[
              { value: 'active', label: t('portalApp:colleagues.active') },
              { value: 'inactive', label: t('portalApp:colleagues.inactive') },
              { value: 'all', label: t('portalApp:colleagues.everyone') },
            ]}
            value={status}
            onChange={(v) => v && setStatus(v as typeof status)}
            allowDeselect={false}
            style={{ flex: '0 1 220px' }}
          />
        ) : null}
        {canManage ? (
          <Button
            onClick={() => {
              add.reset();
              addDialog.open();
            }}
            data-testid="add-colleague"
          >
            {t('portalApp:colleagues.add')}
          </Button>
        ) : null}
      </Group>

      {list.isPending ? (
        <PageLoader label={t('portalApp:colleagues.loading')} />
      ) : list.isError ? (
        <ErrorState
          title={t('portalApp:colleagues.couldNotLoad')}
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.items.length === 0 ? (
        <Card withBorder padding="xl" data-testid="colleagues-empty">
          <Text fw={600}>
            {q ? t('portalApp:colleagues.noMatch', { q }) : t('portalApp:colleagues.empty')}
          </Text>
        </Card>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="colleagues-list">
            {list.data.items.map((c) => (
              <ColleagueCard key={c.id} colleague={c} />
            ))}
          </SimpleGrid>
          {stack.length > 1 || list.data.nextCursor ? (
            <Group
              justify="space-between"
              mt="md"
              component="nav"
              aria-label={t('portalApp:colleagues.pages')}
            >
              <Button
                variant="default"
                size="xs"
                disabled={stack.length <= 1}
                onClick={() => setCursors({ key, stack: stack.slice(0, -1) })}
              >
                {t('ui:pager.previous')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('ui:pager.page', { page: stack.length })}
              </Text>
              <Button
                variant="default"
                size="xs"
                disabled={!list.data.nextCursor}
                onClick={() =>
                  list.data.nextCursor && setCursors({ key, stack: [...stack, list.data.nextCursor] })
                }
              >
                {t('ui:pager.next')}
              </Button>
            </Group>
          ) : null}
        </>
      )}

      <ContactDialog
        opened={adding}
        onClose={addDialog.close}
        title={t('portalApp:colleagues.addTitle')}
        saveLabel={t('portalApp:colleagues.add')}
        initial={contactValues(undefined, held.has('tickets:create') ? ['standard'] : [])}
        mode="create"
        grantable={held}
        onCreate={(body, done) =>
          add.mutate(body, {
            onSuccess: (created) => {
              done();
              void navigate(`/portal/colleagues/${created.id}`);
            },
          })
        }
        pending={add.isPending}
        error={add.error}
      />
    </>
  );
}

function ColleagueCard({ colleague: c }: { colleague: ColleagueResponse }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" data-testid={`colleague-${c.id}`}>
      <Stack gap={4}>
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Anchor
            component={Link}
            to={`/portal/colleagues/${c.id}`}
            fw={600}
            style={{ overflowWrap: 'anywhere' }}
            dir="auto"
          >
            {c.name}
          </Anchor>
          {c.isYou ? (
            <Badge variant="light" size="sm">
              {t('portalApp:colleagues.you')}
            </Badge>
          ) : c.status !== 'active' ? (
            <Badge color="gray" variant="outline" size="sm">
              {t('portalApp:colleagues.deactivated')}
            </Badge>
          ) : null}
        </Group>
        {c.title || c.department ? (
          <Text size="sm" c="dimmed" dir="auto">
            {[c.title, c.department].filter(Boolean).join(', ')}
          </Text>
        ) : null}
        {c.email ? (
          <Anchor href={`mailto:${c.email}`} size="sm" style={{ overflowWrap: 'anywhere' }} dir="auto">
            {c.email}
          </Anchor>
        ) : null}
        {c.phone || c.mobile ? (
          <Text size="sm" dir="auto">
            {[c.phone, c.mobile].filter(Boolean).join(' · ')}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('portalApp:colleagues.access', {
            access: presetsInWords(c.presets) ?? t('portalApp:colleagues.personByPerson'),
          })}
          {' · '}
          {c.hasLogin ? t('portalApp:colleagues.hasLogin') : t('portalApp:colleagues.noLogin')}
        </Text>
      </Stack>
    </Card>
  );
}
