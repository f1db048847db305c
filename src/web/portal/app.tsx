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
import { ActivityPage } from './reports/activity-page.tsx';
import { ReportsPage } from './reports/reports-page.tsx';
import { ReportSchedulesPage } from './reports/schedules-page.tsx';
import { PortalForgotPasswordPage, PortalResetPasswordPage } from './reset/index.tsx';
import { PortalNotFound, PortalRoot, PortalRouteError } from './shell/portal-root.tsx';
import { routes as ticketRoutes } from './tickets/routes.tsx';
import { TicketsCard } from './tickets/tickets-card.tsx';

// A page that crashes shows PortalRouteError in the portal's frame (the pathless route under /portal);
// a crash outside a page (the frame itself, invitations, password reset) shows it on its own.
const router = createBrowserRouter([
  {
    errorElement: <PortalRouteError framed />,
    children: [
      { path: '/portal/invite', Component: InvitePage },
      { path: '/portal/join', Component: JoinPage },
      { path: '/portal/forgot-password', Component: PortalForgotPasswordPage },
      { path: '/portal/reset-password', Component: PortalResetPasswordPage },
      { path: '/portal/confirm-email', Component: PortalConfirmEmailPage },
      {
        path: '/portal',
        Component: PortalRoot,
        children: [
          {
            errorElement: <PortalRouteError />,
            children: [
              { index: true, element: <PortalHomePage ticketsCard={<TicketsCard />} /> },
              { path: 'colleagues', Component: ColleaguesPage },
              { path: 'contracts', Component: ContractsPage },
              { path: 'orders', Component: OrdersPage },
              { path: 'orders/:orderId', Component: OrderPage },
              { path: 'reports', Component: ReportsPage },
              { path: 'activity', Component: ActivityPage },
              { path: 'report-schedules', Component: ReportSchedulesPage },
              { path: 'hours', Component: HoursPage },
              { path: 'profile', Component: PortalProfilePage },
              { path: 'colleagues/:contactId', Component: ColleaguePage },
              ...ticketRoutes,
              { path: '*', Component: PortalNotFound },
            ],
          },
        ],
      },
      { path: '*', element: <Navigate to="/portal/" replace /> },
    ],
  },
]);

const portalTitle = (branding: Branding) => branding.portalName;

export function PortalApp() {
  return (
    <AppProviders titleFor={portalTitle}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
