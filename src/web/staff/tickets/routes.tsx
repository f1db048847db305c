import type { RouteObject } from 'react-router';
import { NewTicketPage } from './new-ticket-page.tsx';
import { TicketQueuePage } from './queue-page.tsx';
import { TicketPage } from './ticket-page.tsx';

/** The staff ticket pages, relative to /staff. */
export const routes: RouteObject[] = [
  { path: 'tickets', Component: TicketQueuePage },
  { path: 'tickets/new', Component: NewTicketPage },
  { path: 'tickets/:ticketId', Component: TicketPage },
];
