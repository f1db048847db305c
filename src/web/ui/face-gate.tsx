import { Container } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import type { ContactMe, StaffMe } from '../../shared/schemas/auth.ts';
import { useMe } from '../api/auth.ts';
import { SignInPage } from './sign-in-page.tsx';
import { ErrorState, FullPageLoader } from './states.tsx';

const faces = {
  staff: { kind: 'staff', otherHome: '/portal/', otherName: 'the client portal' },
  portal: { kind: 'contact', otherHome: '/staff/', otherName: 'the staff app' },
} as const;

type Props =
  | { face: 'staff'; children: (me: StaffMe) => ReactNode }
  | { face: 'portal'; children: (me: ContactMe) => ReactNode };

/**
 * What every signed-in page of one face stands behind: a loader while /me loads, the sign-in page
 * when nobody is signed in, and a move to the other face for someone who belongs there.
 */
export function FaceGate(props: Props) {
  const me = useMe();
  const face = faces[props.face];
  const elsewhere = me.data !== undefined && me.data !== null && me.data.kind !== face.kind;

  useEffect(() => {
    // The other face is another page, so leave this one.
    if (elsewhere) window.location.replace(face.otherHome);
  }, [elsewhere, face.otherHome]);

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState title="Could not load your account" error={me.error} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (!me.data) return <SignInPage face={props.face} />;
  if (props.face === 'staff' && me.data.kind === 'staff') return props.children(me.data);
  if (props.face === 'portal' && me.data.kind === 'contact') return props.children(me.data);
  return <FullPageLoader label={`Opening ${face.otherName}`} />;
}
