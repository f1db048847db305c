import type { RouteObject } from 'react-router';
import { InboundEmailPage } from './inbound-email-page.tsx';
import { InboundListPage } from './inbound-list-page.tsx';

/** Inbound email review (staff with tickets:manage), under /staff. */
export const routes: RouteObject[] = [
  { path: 'inbound', Component: InboundListPage },
  { path: 'inbound/:inboundId', Component: InboundEmailPage },
];
