import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import type { Branding } from '../../shared/schemas/settings.ts';
import { AppProviders } from '../ui/app-providers.tsx';
import { StaffHomePage } from './home/home-page.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import { SetupPage } from './setup/setup-page.tsx';
import { StaffNotFound, StaffRoot } from './shell/staff-root.tsx';

const router = createBrowserRouter([
  { path: '/setup', Component: SetupPage },
  {
    path: '/staff',
    Component: StaffRoot,
    children: [
      { index: true, Component: StaffHomePage },
      { path: 'settings', Component: SettingsPage },
      { path: '*', Component: StaffNotFound },
    ],
  },
  { path: '*', element: <Navigate to="/staff/" replace /> },
]);

const staffTitle = (branding: Branding) => `${branding.organisationName} staff`;

export function StaffApp() {
  return (
    <AppProviders titleFor={staffTitle}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
