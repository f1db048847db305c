import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import type { Branding } from '../../shared/schemas/settings.ts';
import { AppProviders } from '../ui/app-providers.tsx';
import { AuditPage } from './audit/audit-page.tsx';
import { ClientNewPage } from './clients/client-new-page.tsx';
import { ClientPage } from './clients/client-page.tsx';
import { ClientsListPage } from './clients/clients-list-page.tsx';
import { ContractNewPage } from './contracts/contract-new-page.tsx';
import { ContractPage } from './contracts/contract-page.tsx';
import { ContractsListPage } from './contracts/contracts-list-page.tsx';
import { StaffHomePage } from './home/home-page.tsx';
import { routes as inboundRoutes } from './inbound/routes.tsx';
import { OrderNewPage } from './orders/order-new-page.tsx';
import { OrderPage } from './orders/order-page.tsx';
import { OrdersListPage } from './orders/orders-list-page.tsx';
import { OutboxEmailPage } from './outbox/outbox-email-page.tsx';
import { OutboxPage } from './outbox/outbox-page.tsx';
import { StaffConfirmEmailPage, StaffProfilePage } from './profile/profile-page.tsx';
import { StaffForgotPasswordPage, StaffResetPasswordPage } from './reset/index.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import { SetupPage } from './setup/setup-page.tsx';
import { StaffNotFound, StaffRoot, StaffRouteError } from './shell/staff-root.tsx';
import { routes as supportRoutes } from './support/routes.tsx';
import { QueueCounts } from './tickets/queue-counts.tsx';
import { routes as ticketRoutes } from './tickets/routes.tsx';
import { routes as timeRoutes } from './time/routes.tsx';

// A page that crashes shows StaffRouteError in the staff frame (the pathless route under /staff); a
// crash outside a page (the frame itself, set-up, password reset) shows it on its own.
const router = createBrowserRouter([
  {
    errorElement: <StaffRouteError framed />,
    children: [
      { path: '/setup', Component: SetupPage },
      { path: '/staff/forgot-password', Component: StaffForgotPasswordPage },
      { path: '/staff/reset-password', Component: StaffResetPasswordPage },
      { path: '/staff/confirm-email', Component: StaffConfirmEmailPage },
      {
        path: '/staff',
        Component: StaffRoot,
        children: [
          {
            errorElement: <StaffRouteError />,
            children: [
              { index: true, element: <StaffHomePage queueCounts={<QueueCounts />} /> },
              { path: 'settings', Component: SettingsPage },
              { path: 'profile', Component: StaffProfilePage },
              { path: 'clients', Component: ClientsListPage },
              { path: 'clients/new', Component: ClientNewPage },
              { path: 'clients/:clientId/:tab?', Component: ClientPage },
              { path: 'contracts', Component: ContractsListPage },
              { path: 'contracts/new', Component: ContractNewPage },
              { path: 'contracts/:contractId', Component: ContractPage },
              { path: 'orders', Component: OrdersListPage },
              { path: 'orders/new', Component: OrderNewPage },
              { path: 'orders/:orderId', Component: OrderPage },
              { path: 'audit', Component: AuditPage },
              { path: 'outbox', Component: OutboxPage },
              { path: 'outbox/:id', Component: OutboxEmailPage },
              ...ticketRoutes,
              ...timeRoutes,
              ...supportRoutes,
              ...inboundRoutes,
              { path: '*', Component: StaffNotFound },
            ],
          },
        ],
      },
      { path: '*', element: <Navigate to="/staff/" replace /> },
    ],
  },
]);

// Called once the viewer's language is loaded (the providers render nothing before), and on each change.
const staffTitle = (branding: Branding, t: (key: string, params?: Record<string, unknown>) => string) =>
  t('staffApp:documentTitle', { organisation: branding.organisationName });

export function StaffApp() {
  return (
    <AppProviders titleFor={staffTitle}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
