import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import type { Branding } from '../../shared/schemas/settings.ts';
import { AppProviders } from '../ui/app-providers.tsx';
import { ColleaguePage } from './colleagues/colleague-page.tsx';
import { ColleaguesPage } from './colleagues/colleagues-page.tsx';
import { ContractsPage } from './contracts/contracts-page.tsx';
import { PortalHomePage } from './home/home-page.tsx';
import { HoursPage } from './hours/hours-page.tsx';
import { InvitePage } from './invite/invite-page.tsx';
import { JoinPage } from './join/join-page.tsx';
import { OrderPage } from './orders/order-page.tsx';
import { OrdersPage } from './orders/orders-page.tsx';
import { PortalConfirmEmailPage, PortalProfilePage } from './profile/profile-page.tsx';
import { ReportsPage } from './reports/reports-page.tsx';
import { PortalForgotPasswordPage, PortalResetPasswordPage } from './reset/index.tsx';
import { PortalNotFound, PortalRoot } from './shell/portal-root.tsx';
import { routes as ticketRoutes } from './tickets/routes.tsx';
import { TicketsCard } from './tickets/tickets-card.tsx';

const router = createBrowserRouter([
  { path: '/portal/invite', Component: InvitePage },
  { path: '/portal/join', Component: JoinPage },
  { path: '/portal/forgot-password', Component: PortalForgotPasswordPage },
  { path: '/portal/reset-password', Component: PortalResetPasswordPage },
  { path: '/portal/confirm-email', Component: PortalConfirmEmailPage },
  {
    path: '/portal',
    Component: PortalRoot,
    children: [
      { index: true, element: <PortalHomePage ticketsCard={<TicketsCard />} /> },
      { path: 'colleagues', Component: ColleaguesPage },
      { path: 'contracts', Component: ContractsPage },
      { path: 'orders', Component: OrdersPage },
      { path: 'orders/:orderId', Component: OrderPage },
      { path: 'reports', Component: ReportsPage },
      { path: 'hours', Component: HoursPage },
      { path: 'profile', Component: PortalProfilePage },
      { path: 'colleagues/:contactId', Component: ColleaguePage },
      ...ticketRoutes,
      { path: '*', Component: PortalNotFound },
    ],
  },
  { path: '*', element: <Navigate to="/portal/" replace /> },
]);

const portalTitle = (branding: Branding) => branding.portalName;

export function PortalApp() {
  return (
    <AppProviders titleFor={portalTitle}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
