import { useTranslation } from 'react-i18next';
import { ActivityHistory } from '../../ui/reports/activity-history.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** The company's activity history (issue 14, point 10), for contacts who see all company requests. */
export function ActivityPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('common:report.activityTitle')}>{t('ui:reports.activity.intro')}</PageHeader>
      <ActivityHistory scope={{ kind: 'portal' }} ticketHref={(id) => `/portal/tickets/${id}`} />
    </>
  );
}
