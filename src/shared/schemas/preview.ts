import { z } from 'zod';
import { id } from './common.ts';

/** Path of `POST /api/v1/clients/{clientId}/contacts/{contactId}/preview`. */
export const previewParams = z
  .object({
    clientId: id,
    contactId: id,
  })
  .strict();
export type PreviewParams = z.infer<typeof previewParams>;

/** Where the staff browser opens the portal as that contact (a new tab). */
export const previewStartResponse = z.object({ url: z.string() });
export type PreviewStartResponse = z.infer<typeof previewStartResponse>;
