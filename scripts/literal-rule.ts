/**
 * The rule against user-visible literals in the web app's components (issue 13): text a person reads
 * must come from the catalogues through `t()`. Flags, in a .tsx file:
 * - JSX text with a letter in it (`<Button>Save</Button>`);
 * - a string with a letter in a JSX attribute that shows text (TEXT_PROPS: title, aria-label,
 *   placeholder, alt, label, description, Mantine's error, nothingFoundMessage, onLabel, …), directly or
 *   as a branch of a condition (`title={busy ? 'Saving' : t('…')}`);
 * - a string with a letter given as a JSX child (`{open ? 'Hide' : 'Show'}`).
 * Calls are not looked into (`t('ui:…')`'s argument is a key). A line holding `i18n-allow` (or the line
 * before it) is skipped, for the rare literal that is not language (a product name in a code sample).
 *
 * TypeScript 7's compiler is native and offers no in-process parser, so the files are parsed with oxc,
 * the parser Vite's bundler (rolldown) already uses: the same TypeScript and JSX syntax tree (ESTree).
 */
import { parseSync } from 'rolldown/utils';

export const TEXT_PROPS = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'placeholder',
  'alt',
  'label',
  'description',
  'error',
  'nothingFoundMessage',
  'onLabel',
  'offLabel',
  'confirmLabel',
  'cancelLabel',
  'closeButtonLabel',
  'loadingLabel',
  'emptyLabel',
  'tooltip',
  'message',
  'heading',
  'hint',
  'caption',
  'legend',
  'subtitle',
  'summary',
]);

export interface Literal {
  line: number;
  text: string;
  why: 'text' | 'attribute' | 'child';
}

const hasLetter = (text: string) => /\p{L}/u.test(text);

// biome-ignore lint/suspicious/noExplicitAny: ESTree nodes, walked generically
type Node = any;

/** The literal strings with letters an expression may evaluate to (conditions and defaults included). */
function literalsIn(expression: Node): Node[] {
  if (!expression || typeof expression !== 'object') return [];
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string' && hasLetter(expression.value) ? [expression] : [];
    case 'TemplateLiteral':
      return expression.quasis.some((q: Node) => hasLetter(q.value?.cooked ?? q.value?.raw ?? ''))
        ? [expression]
        : [];
    case 'ConditionalExpression':
      return [...literalsIn(expression.consequent), ...literalsIn(expression.alternate)];
    case 'LogicalExpression':
      return [...literalsIn(expression.left), ...literalsIn(expression.right)];
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
      return literalsIn(expression.expression);
    default:
      return [];
  }
}

export function findLiterals(file: string, source: string): Literal[] {
  const { program, errors } = parseSync(file, source, { lang: 'tsx' });
  if (errors.length > 0) throw new Error(`${file}: cannot be parsed (${errors[0]?.message})`);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lines = source.split('\n');
  const allowed = (line: number) =>
    (lines[line - 1] ?? '').includes('i18n-allow') || (lines[line - 2] ?? '').includes('i18n-allow');

  const found: Literal[] = [];
  const add = (node: Node, why: Literal['why']) => {
    const line = lineOf(node.start);
    if (allowed(line)) return;
    const text = source.slice(node.start, node.end).trim().replace(/\s+/g, ' ');
    found.push({ line, text: text.length > 60 ? `${text.slice(0, 57)}...` : text, why });
  };

  const visit = (node: Node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node.type === 'JSXText' && hasLetter(node.value)) add(node, 'text');
    if (node.type === 'JSXAttribute') {
      const name = node.name?.type === 'JSXIdentifier' ? node.name.name : null;
      if (name && TEXT_PROPS.has(name)) {
        const value = node.value?.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        for (const literal of literalsIn(value)) add(literal, 'attribute');
      }
    }
    if (node.type === 'JSXElement' || node.type === 'JSXFragment') {
      for (const child of node.children ?? []) {
        if (child.type === 'JSXExpressionContainer')
          for (const literal of literalsIn(child.expression)) add(literal, 'child');
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'parent' && value && typeof value === 'object') visit(value);
    }
  };
  visit(program);
  return found;
}
