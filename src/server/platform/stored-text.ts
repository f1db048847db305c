import { namespaces } from '../../shared/i18n/catalogues.ts';
import { isMessage, type Message, translate } from '../../shared/i18n/i18n.ts';

/**
 * Text the server stores to show later, to whoever reads it, in their language: a catalogue message kept
 * as JSON (`{"key":"common:…","params":{…},"items":[…]}`) and put in the reader's language when it is
 * presented. `items` are lines that follow it as a list ("- a.exe: …"). Text stored before messages were
 * kept this way, or written by a person, is shown as it is.
 */
export interface StoredText extends Message {
  items?: Message[];
}

export function storeText(text: StoredText): string {
  return JSON.stringify(text);
}

function parsed(value: string): StoredText | null {
  if (!value.startsWith('{"key":"')) return null;
  try {
    const text = JSON.parse(value) as unknown;
    if (!isMessage(text)) return null;
    const namespace = text.key.split(':', 1)[0] as (typeof namespaces)[number];
    return namespaces.includes(namespace) ? (text as StoredText) : null;
  } catch {
    return null;
  }
}

/** Stored text in a language (Markdown: the items are a list). */
export function readStoredText(value: string, language: string): string {
  const text = parsed(value);
  if (!text) return value;
  const head = translate(language, text);
  if (!text.items?.length) return head;
  return `${head}\n\n${text.items.map((item) => `- ${translate(language, item)}`).join('\n')}`;
}
