import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type LiveEvent, liveEvent } from '../../shared/schemas/tickets.ts';
import { isPreviewTab } from './client.ts';
import { ticketKeys } from './tickets.ts';

/**
 * Live updates over Server-Sent Events (GET /api/v1/events): one EventSource per page that wants them.
 * Events only name what changed; `onEvent` (or the default) invalidates the matching queries so React
 * Query refetches through the scoped API. The browser reconnects by itself; after a reconnect the server
 * sends `resync`, and every ticket query is refreshed in case an event was missed meanwhile.
 * The keys are those of `ticketKeys` (api/tickets.ts).
 */
export function useLiveEvents(onEvent?: (event: LiveEvent) => void): void {
  const queryClient = useQueryClient();
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    // A preview tab cannot send headers on an EventSource; the server accepts ?preview=1 on this GET.
    const source = new EventSource(`/api/v1/events${isPreviewTab() ? '?preview=1' : ''}`, {
      withCredentials: true,
    });
    const receive = (message: MessageEvent<string>) => {
      let parsed: LiveEvent;
      try {
        parsed = liveEvent.parse(JSON.parse(message.data));
      } catch {
        return;
      }
      if (handler.current) handler.current(parsed);
      if (parsed.type === 'resync' || parsed.ticketId === null) {
        void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
        void queryClient.invalidateQueries({ queryKey: ticketKeys.details });
        return;
      }
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(parsed.ticketId) });
    };
    source.addEventListener('ticket', receive as EventListener);
    return () => {
      source.removeEventListener('ticket', receive as EventListener);
      source.close();
    };
  }, [queryClient]);
}
