import { Alert, Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { staffRoleLabels } from '../../../shared/permissions.ts';
import { useMe } from '../../api/auth.ts';
import { NotFound, PageHeader } from '../../ui/states.tsx';
import { CalendarsTab } from './calendars-tab.tsx';
import { CannedTab } from './canned-tab.tsx';
import { CategoriesTab } from './categories-tab.tsx';
import { PoliciesTab } from './policies-tab.tsx';
import { RulesTab } from './rules-tab.tsx';
import { TeamsTab } from './teams-tab.tsx';

const allTabs = [
  { value: 'categories', label: 'Categories' },
  { value: 'policies', label: 'SLA policies' },
  { value: 'calendars', label: 'Business hours' },
  { value: 'teams', label: 'Teams' },
  { value: 'rules', label: 'Assignment rules' },
  { value: 'canned', label: 'Canned responses' },
] as const;
type Tab = (typeof allTabs)[number]['value'];

/** /staff/support/:tab: the support configuration, one tab per kind of thing. */
export function SupportPage() {
  const params = useParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const permissions = me?.kind === 'staff' ? me.permissions : [];
  const canEdit = permissions.includes('settings:edit');
  const canCurate = permissions.includes('tickets:manage');
  const tabs = allTabs.filter((t) => t.value !== 'canned' || canCurate);
  const tab: Tab | null =
    params.tab === undefined ? 'categories' : (tabs.find((t) => t.value === params.tab)?.value ?? null);
  if (tab === null) return <NotFound homeTo="/staff/support" homeLabel="Go to the support setup" />;

  return (
    <>
      <PageHeader title="Support setup">
        How tickets are sorted, measured and shared out: categories, SLA targets and business hours, teams and
        who gets new tickets, and replies your team can reuse.
      </PageHeader>
      {me?.kind === 'staff' && !canEdit ? (
        <Alert color="gray" title="View only" mb="lg" data-testid="support-read-only">
          Your role ({staffRoleLabels[me.role]}) can see the support setup but not change it
          {canCurate ? ', except canned responses, which anyone who works on tickets may edit' : ''}. Ask an
          owner or an administrator if something needs to change.
        </Alert>
      ) : null}
      <Tabs
        value={tab}
        onChange={(v) => {
          if (v) void navigate(v === 'categories' ? '/staff/support' : `/staff/support/${v}`);
        }}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`support-tab-${t.value}`}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="categories" pt="lg">
          <CategoriesTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="policies" pt="lg">
          <PoliciesTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="calendars" pt="lg">
          <CalendarsTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="lg">
          <TeamsTab canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="lg">
          <RulesTab canEdit={canEdit} />
        </Tabs.Panel>
        {canCurate ? (
          <Tabs.Panel value="canned" pt="lg">
            <CannedTab canEdit={canCurate} />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </>
  );
}
