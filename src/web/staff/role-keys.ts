import type { StaffRole } from '../../shared/permissions.ts';

/** The staff roles in words (staffApp catalogue), for the shell's person line and the home page. */
export const staffRoleKeys = {
  owner: 'staffApp:roles.owner',
  admin: 'staffApp:roles.admin',
  technician: 'staffApp:roles.technician',
  billing: 'staffApp:roles.billing',
  'read-only': 'staffApp:roles.readOnly',
} as const satisfies Record<StaffRole, `staffApp:${string}`>;
