/**
 * People's text (a name, a subject) put inside a translated sentence, wrapped in Unicode's first-strong
 * isolate (U+2068 … U+2069): the string equivalent of `dir="auto"` on its own element, so an Arabic name
 * in an English sentence (or a Latin one in an Arabic sentence) neither takes the punctuation around it
 * nor reorders it. For text shown on its own, put `dir="auto"` on its element instead.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
