import { useTranslation } from 'react-i18next';
import { ReportSchedules } from '../../ui/reports/report-schedules.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** The company's scheduled reports (issue 14, point 12), for contacts allowed to schedule them. */
export function ReportSchedulesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('ui:reports.schedules.title')}>{t('ui:reports.schedules.pageIntro')}</PageHeader>
      <ReportSchedules scope={{ kind: 'portal' }} />
    </>
  );
}
