import { Button, Container, Group, Stack } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactMe, StaffMe } from '../../shared/schemas/auth.ts';
import { useLogout, useMe } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { MfaEnrolmentScreen, MustChangePasswordScreen } from './account/account-gates.tsx';
import { useBrandingContext } from './branding-context.ts';
import { SignInPage } from './sign-in-page.tsx';
import { ErrorState, FullPageLoader } from './states.tsx';

const faces = {
  staff: { kind: 'staff', otherHome: '/portal/', opening: 'ui:gate.openingPortal' },
  portal: { kind: 'contact', otherHome: '/staff/', opening: 'ui:gate.openingStaff' },
} as const;

type Props =
  | { face: 'staff'; children: (me: StaffMe) => ReactNode }
  | { face: 'portal'; children: (me: ContactMe) => ReactNode };

/**
 * What every signed-in page of one face stands behind: a loader while /me loads, the sign-in page
 * when nobody is signed in, and a move to the other face for someone who belongs there.
 */
export function FaceGate(props: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const branding = useBrandingContext();
  const face = faces[props.face];
  const elsewhere = me.data !== undefined && me.data !== null && me.data.kind !== face.kind;

  useEffect(() => {
    // The other face is another page, so leave this one.
    if (elsewhere) window.location.replace(face.otherHome);
  }, [elsewhere, face.otherHome]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    // 403 on /me: signed in, but not allowed from here (the client's IP allowlist). Offer a way out.
    const refused = me.error instanceof ApiError && me.error.status === 403;
    return (
      <Container size="sm" py="xl">
        <Stack gap="md">
          <ErrorState
            title={refused ? t('ui:gate.refused') : t('ui:gate.couldNotLoad')}
            error={me.error}
            onRetry={() => void me.refetch()}
          />
          {refused ? (
            <Group>
              <Button variant="default" onClick={() => logout.mutate()} data-testid="gate-sign-out">
                {t('ui:layout.signOut')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Container>
    );
  }
  if (!me.data) return <SignInPage face={props.face} />;
  // Duties that come before any page: a new password, then two-factor set-up (the API holds the rest back too).
  if (me.data.kind === face.kind && !(me.data.kind === 'contact' && me.data.previewBy)) {
    const brandName = props.face === 'portal' ? branding.portalName : branding.organisationName;
    if (me.data.mustChangePassword)
      return <MustChangePasswordScreen brandName={brandName} name={me.data.name} />;
    if (me.data.mfaEnrollmentRequired) {
      const required = me.data.kind === 'contact' ? me.data.client.name : branding.organisationName;
      return <MfaEnrolmentScreen brandName={brandName} required={required} />;
    }
  }
  if (props.face === 'staff' && me.data.kind === 'staff') return props.children(me.data);
  if (props.face === 'portal' && me.data.kind === 'contact') return props.children(me.data);
  return <FullPageLoader label={t(face.opening)} />;
}
