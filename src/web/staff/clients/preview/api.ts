import { useMutation } from '@tanstack/react-query';
import { type PreviewStartResponse, previewStartResponse } from '../../../../shared/schemas/preview.ts';
import { api } from '../../../api/client.ts';

export function startPreview(clientId: number, contactId: number): Promise<PreviewStartResponse> {
  return api.post(`/clients/${clientId}/contacts/${contactId}/preview`, previewStartResponse);
}

export function useStartPreview() {
  return useMutation({
    mutationFn: (input: { clientId: number; contactId: number }) =>
      startPreview(input.clientId, input.contactId),
  });
}
