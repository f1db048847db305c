/**
 * A reply being written is kept in the tab's session storage, so a reload or a visit to another page does
 * not lose it. Live refetches never touch it (the composer's state is not reset by them either).
 */
export type ComposerMode = 'public' | 'internal';

export interface Draft {
  body: string;
  mode: ComposerMode;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const keyFor = (ticketId: number) => `portico.staff.ticket-draft.${ticketId}`;

function storage(): StorageLike | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadDraft(ticketId: number, store: StorageLike | null = storage()): Draft | null {
  try {
    const raw = store?.getItem(keyFor(ticketId));
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { body, mode } = value as Record<string, unknown>;
    if (typeof body !== 'string') return null;
    return { body, mode: mode === 'internal' ? 'internal' : 'public' };
  } catch {
    return null;
  }
}

export function saveDraft(ticketId: number, draft: Draft, store: StorageLike | null = storage()): void {
  try {
    if (draft.body.trim() === '') store?.removeItem(keyFor(ticketId));
    else store?.setItem(keyFor(ticketId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the draft still lives in the page.
  }
}

export function clearDraft(ticketId: number, store: StorageLike | null = storage()): void {
  try {
    store?.removeItem(keyFor(ticketId));
  } catch {
    // Nothing to clear.
  }
}
