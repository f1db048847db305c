import {
  Alert,
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { useDisclosure, useMediaQuery, useNetwork } from '@mantine/hooks';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useLogout } from '../api/auth.ts';
import { BrandMark } from './brand-mark.tsx';
import { useBrandingContext } from './branding-context.ts';
import { useAccountColourScheme } from './colour-scheme.ts';
import { isNavActive } from './nav-active.ts';
import { NoticeBell } from './notice-bell.tsx';

export interface LayoutNavItem {
  key: string;
  label: string;
  to: string;
  /** Active only on this exact path (home links). */
  end?: boolean;
  icon?: ReactNode;
}

interface AppLayoutProps {
  /** Where the brand mark links to. */
  homeTo: string;
  /** Shown next to the logo when the face needs a name of its own ("Staff"). */
  faceLabel?: string;
  brandName: string;
  navItems: readonly LayoutNavItem[];
  person: { name: string; detail: string };
  navLabel: string;
}

/** The frame around every signed-in page: header with brand and person, navigation, main content. */
export function AppLayout({ homeTo, faceLabel, brandName, navItems, person, navLabel }: AppLayoutProps) {
  const { t } = useTranslation();
  const branding = useBrandingContext();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const logout = useLogout();
  useAccountColourScheme();
  const network = useNetwork();
  const theme = useMantineTheme();
  const wide = useMediaQuery(`(min-width: ${theme.breakpoints.sm})`);

  // The drawer belongs to narrow windows: once the window is wide (or the page changes) it shuts, so a
  // window narrowed again later does not come back with the navigation open over the page.
  useEffect(() => {
    if (wide) close();
  }, [wide, close]);
  useEffect(() => {
    if (pathname) close();
  }, [pathname, close]);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      // The drawer slides in narrow windows only: a window narrowed from wide hides the navigation at
      // once rather than sliding it across the page (half open, and the page wider than the screen).
      transitionDuration={wide ? 0 : 200}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#main-content" className="portico-skip-link">
        {t('ui:layout.skipToContent')}
      </a>
      <AppShell.Header data-testid="app-header" className="portico-header">
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('ui:layout.closeNavigation') : t('ui:layout.openNavigation')}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Anchor
              component={Link}
              to={homeTo}
              underline="never"
              miw={0}
              aria-label={t('ui:layout.home', { name: brandName })}
            >
              <BrandMark name={brandName} logoUrl={branding.logoUrl} />
            </Anchor>
            {faceLabel ? (
              <Text size="sm" c="dimmed" visibleFrom="xs" fw={500}>
                {faceLabel}
              </Text>
            ) : null}
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Box ta="end" miw={0} maw={{ xs: 180, sm: 280 }} visibleFrom="xs" data-testid="signed-in-person">
              <Text size="sm" fw={600} lh={1.2} truncate="end" dir="auto">
                {person.name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2} truncate="end" dir="auto">
                {person.detail}
              </Text>
            </Box>
            <NoticeBell faceRoot={homeTo} />
            <Button
              variant="default"
              size="xs"
              onClick={() => logout.mutate()}
              loading={logout.isPending}
              style={{ flexShrink: 0 }}
              data-testid="sign-out"
            >
              {t('ui:layout.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navigation" aria-label={navLabel}>
        <AppShell.Section hiddenFrom="xs" pb="sm" mb="sm" className="portico-nav-person">
          <Text size="sm" fw={600} lh={1.3} dir="auto">
            {person.name}
          </Text>
          <Text size="xs" c="dimmed" lh={1.3} dir="auto">
            {person.detail}
          </Text>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={4}>
            {navItems.map((item) => {
              const active = isNavActive(pathname, item.to, item.end);
              return (
                <NavLink
                  key={item.key}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={item.icon}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  fw={active ? 700 : 500}
                  onClick={close}
                  className="portico-nav-link"
                />
              );
            })}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1}>
        <Box maw={1100}>
          {network.online ? null : (
            <Alert color="yellow" variant="light" mb="md" role="status" data-testid="offline-notice">
              {t('ui:layout.offline')}
            </Alert>
          )}
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
