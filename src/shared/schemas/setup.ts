import { z } from 'zod';
import { email, password, personName } from './common.ts';

export const setupStatus = z.object({ required: z.boolean() }).meta({ id: 'SetupStatus' });

export const setupBody = z
  .object({
    organisationName: z.string().trim().min(1, 'errors:validation.organisationName').max(120),
    ownerName: personName,
    ownerEmail: email,
    ownerPassword: password,
    loadDemo: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'SetupRequest' });
export type SetupBody = z.input<typeof setupBody>;
