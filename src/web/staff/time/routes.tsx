import type { RouteObject } from 'react-router';
import { TimesheetPage } from './timesheet-page.tsx';
import { WorkTypesPage } from './work-types-page.tsx';

export const routes: RouteObject[] = [
  { path: 'time', Component: TimesheetPage },
  { path: 'settings/work-types', Component: WorkTypesPage },
];
