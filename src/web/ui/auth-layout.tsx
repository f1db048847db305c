import { Box, Center, Paper, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { BrandMark } from './brand-mark.tsx';
import { useBrandingContext } from './branding-context.ts';

/** A centred card for pages shown before anyone is signed in (sign-in, setup). */
export function AuthLayout({ brandName, children }: { brandName: string; children: ReactNode }) {
  const branding = useBrandingContext();
  return (
    <Center mih="100vh" p={{ base: 'xs', xs: 'md' }} bg="var(--portico-backdrop)">
      <Box w="100%" maw={460} component="main">
        <Stack gap="lg">
          <Center>
            <BrandMark name={brandName} logoUrl={branding.logoUrl} height={48} />
          </Center>
          <Paper withBorder shadow="sm" p={{ base: 'md', xs: 'xl' }} className="portico-auth-card">
            {children}
          </Paper>
        </Stack>
      </Box>
    </Center>
  );
}
