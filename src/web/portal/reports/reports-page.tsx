import { useTranslation } from 'react-i18next';
import { MonthlySummaryView } from '../../ui/reports/monthly-summary.tsx';
import { PageHeader } from '../../ui/states.tsx';

/** The company's monthly service summary (issue 14, point 11). */
export function ReportsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('common:report.summaryTitle')}>{t('ui:reports.intro')}</PageHeader>
      <MonthlySummaryView scope={{ kind: 'portal' }} />
    </>
  );
}
