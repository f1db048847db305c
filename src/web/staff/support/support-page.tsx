import { Alert, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { StaffRole } from '../../../shared/permissions.ts';
import { useMe } from '../../api/auth.ts';
import { NotFound, PageHeader } from '../../ui/states.tsx';
import { CalendarsTab } from './calendars-tab.tsx';
import { CannedTab } from './canned-tab.tsx';
import { CategoriesTab } from './categories-tab.tsx';
import { PoliciesTab } from './policies-tab.tsx';
import { RulesTab } from './rules-tab.tsx';
import { TeamsTab } from './teams-tab.tsx';

const allTabs = [
  { value: 'categories', label: 'staffAdmin:support.tab.categories', Content: CategoriesTab },
  { value: 'policies', label: 'staffAdmin:support.tab.policies', Content: PoliciesTab },
  { value: 'calendars', label: 'staffAdmin:support.tab.calendars', Content: CalendarsTab },
  { value: 'teams', label: 'staffAdmin:support.tab.teams', Content: TeamsTab },
  { value: 'rules', label: 'staffAdmin:support.tab.rules', Content: RulesTab },
  // Shown to those who may curate canned responses (tickets:manage), who may also edit them.
  { value: 'canned', label: 'staffAdmin:support.tab.canned', Content: CannedTab },
] as const;

const staffRoleKeys: Record<StaffRole, `staffAdmin:${string}`> = {
  owner: 'staffAdmin:role.owner',
  admin: 'staffAdmin:role.admin',
  technician: 'staffAdmin:role.technician',
  billing: 'staffAdmin:role.billing',
  'read-only': 'staffAdmin:role.readOnly',
};
type Tab = (typeof allTabs)[number]['value'];

/** /staff/support/:tab: the support configuration, one tab per kind of thing. */
export function SupportPage() {
  const { t } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const permissions = me?.kind === 'staff' ? me.permissions : [];
  const canEdit = permissions.includes('settings:edit');
  const canCurate = permissions.includes('tickets:manage');
  const tabs = allTabs.filter((x) => x.value !== 'canned' || canCurate);
  const tab: Tab | null =
    params.tab === undefined ? 'categories' : (tabs.find((x) => x.value === params.tab)?.value ?? null);
  if (tab === null) return <NotFound homeTo="/staff/support" homeLabel={t('staffAdmin:support.backHome')} />;

  return (
    <>
      <PageHeader title={t('staffAdmin:support.title')}>{t('staffAdmin:support.intro')}</PageHeader>
      {me?.kind === 'staff' && !canEdit ? (
        <Alert color="gray" title={t('staffAdmin:viewOnly')} mb="lg" data-testid="support-read-only">
          {canCurate
            ? t('staffAdmin:support.readOnlyCanned', { role: t(staffRoleKeys[me.role]) })
            : t('staffAdmin:support.readOnly', { role: t(staffRoleKeys[me.role]) })}
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
          {tabs.map((x) => (
            <Tabs.Tab key={x.value} value={x.value} data-testid={`support-tab-${x.value}`}>
              {t(x.label)}
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
