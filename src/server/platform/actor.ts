import type { PortalFeature } from '../../shared/features.ts';
import type { Message } from '../../shared/i18n/i18n.ts';
import type {
  ContactPermission,
  ContactPreset,
  StaffPermission,
  StaffRole,
} from '../../shared/permissions.ts';

/** Who is asking. Resolved once per request and handed to services, which scope by it. */
export type Actor = StaffActor | ContactActor;

export interface StaffActor {
  kind: 'staff';
  accountId: number;
  name: string;
  email: string;
  role: StaffRole;
  permissions: ReadonlySet<StaffPermission>;
  /** Their chosen language (null: the organisation's); error messages follow it. */
  language?: string | null;
}

export interface ContactActor {
  kind: 'contact';
  accountId: number;
  contactId: number;
  clientId: number;
  clientName: string;
  name: string;
  email: string;
  presets: readonly ContactPreset[];
  permissions: ReadonlySet<ContactPermission>;
  /** Their language, else their client's (null: the organisation's); error messages follow it. */
  language?: string | null;
  /** Set when a staff user previews the portal as this contact: everything is read-only. */
  previewBy?: { accountId: number; name: string };
}

/**
 * What a route requires. Every /api route must declare one; a route without it stops the app from
 * starting, so a forgotten policy fails CI rather than shipping open.
 */
/** What a person lacking the route's permission is told (a catalogue message); else the generic text. */
type DeniedText = Message;

export type RoutePolicy = (
  | { auth: 'public' }
  | { auth: 'any' }
  | { auth: 'staff'; permission?: StaffPermission; denied?: DeniedText }
  | { auth: 'contact'; permission?: ContactPermission; feature?: PortalFeature; denied?: DeniedText }
) & {
  /** A mutation a read-only staff preview may still make (only: ending the preview). */
  previewAllowed?: boolean;
};

export type Clock = () => Date;
