import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import type { Branding } from '../../shared/schemas/settings.ts';
import { AppProviders } from '../ui/app-providers.tsx';
import { PortalHomePage } from './home/home-page.tsx';
import { PortalNotFound, PortalRoot } from './shell/portal-root.tsx';

const router = createBrowserRouter([
  {
    path: '/portal',
    Component: PortalRoot,
    children: [
      { index: true, Component: PortalHomePage },
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
