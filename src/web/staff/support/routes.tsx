import type { RouteObject } from 'react-router';
import { SupportPage } from './support-page.tsx';

/** Support setup: categories, SLA policies and calendars, teams, assignment rules, canned responses. */
export const routes: RouteObject[] = [{ path: 'support/:tab?', Component: SupportPage }];
