import type { RouteObject } from 'react-router';
import { NewTicketPage } from './new-ticket-page.tsx';
import { TicketPage } from './ticket-page.tsx';
import { TicketsPage } from './tickets-page.tsx';

/** The portal's ticket pages, relative to /portal. */
export const routes: RouteObject[] = [
  { path: 'tickets', Component: TicketsPage },
  { path: 'tickets/new', Component: NewTicketPage },
  { path: 'tickets/:ticketId', Component: TicketPage },
];
