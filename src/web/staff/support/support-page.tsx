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
  { value: 'categories', label: 'Categories', Content: CategoriesTab },
  { value: 'policies', label: 'SLA policies', Content: PoliciesTab },
  { value: 'calendars', label: 'Business hours', Content: CalendarsTab },
  { value: 'teams', label: 'Teams', Content: TeamsTab },
  { value: 'rules', label: 'Assignment rules', Content: RulesTab },
  // Shown to those who may curate canned responses (tickets:manage), who may also edit them.
  { value: 'canned', label: 'Canned responses', Content: CannedTab },
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
        {tabs.map(({ value, Content }) => (
          <Tabs.Panel key={value} value={value} pt="lg">
            <Content canEdit={value === 'canned' ? canCurate : canEdit} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
