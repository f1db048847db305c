/**
 * The pseudo-locale: English with every letter accented, padded to about 130 % of its length and wrapped
 * in ⟦ ⟧, so a string that is not translated (no markers), clipped (a missing end marker) or built from
 * pieces (markers in the middle) shows at a glance. ICU arguments ({name}, {count, plural, …}) are kept;
 * the text inside plural and select branches is accented too.
 */
const accents: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'î',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'û',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Î',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Û',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

export const PSEUDO_START = '⟦';
export const PSEUDO_END = '⟧';

function accent(text: string): string {
  return [...text].map((ch) => accents[ch] ?? ch).join('');
}

/** Finds the index of the brace closing the one at `open`. */
function closing(message: string, open: number): number {
  let depth = 0;
  for (let i = open; i < message.length; i++) {
    if (message[i] === '{') depth++;
    else if (message[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return message.length - 1;
}

/** Accents the literal text of an ICU message, leaving arguments and recursing into plural/select branches. */
function accentMessage(message: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const ch = message[i] as string;
    if (ch !== '{') {
      out += accents[ch] ?? ch;
      i++;
      continue;
    }
    const end = closing(message, i);
    const inner = message.slice(i + 1, end);
    const parts = inner.split(',');
    const kind = parts[1]?.trim();
    if (parts.length >= 3 && (kind === 'plural' || kind === 'select' || kind === 'selectordinal')) {
      // "{count, plural, one {…} other {…}}": keep the selectors, accent each branch.
      const headerEnd = inner.indexOf(',', inner.indexOf(',') + 1) + 1;
      let body = inner.slice(headerEnd);
      let rebuilt = '';
      while (body.length > 0) {
        const open = body.indexOf('{');
        if (open < 0) {
          rebuilt += body;
          break;
        }
        const close = closing(body, open);
        rebuilt += `${body.slice(0, open)}{${accentMessage(body.slice(open + 1, close))}}`;
        body = body.slice(close + 1);
      }
      out += `{${inner.slice(0, headerEnd)}${rebuilt}}`;
    } else {
      out += `{${inner}}`;
    }
    i = end + 1;
  }
  return out;
}

/** One English message in the pseudo-locale. */
export function pseudoLocalize(message: string): string {
  const letters = message.replace(/\{[^{}]*\}/g, '').replace(/[^A-Za-z]/g, '').length;
  const padding = Math.max(1, Math.round(letters * 0.3));
  return `${PSEUDO_START}${accentMessage(message)} ${accent('·'.repeat(padding))}${PSEUDO_END}`;
}

export function pseudoCatalogue(english: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(english).map(([key, value]) => [key, pseudoLocalize(value)]));
}
