/**
 * The plural rule of the catalogue check (scripts/check-catalogues.ts): every `plural` and `selectordinal`
 * argument of a message gives exactly the categories `Intl.PluralRules` selects for the message's language
 * (cardinal, resp. `{ type: 'ordinal' }`), `other` always among them. A missing category would fall back to
 * `other` and read wrongly (Polish "5 plik" for "5 plików"); a category the language never selects (`few`
 * in English) is dead text a translator keeps up for nothing. Exact matches (`=0`, `=1`) may be added
 * freely. Plurals nested in the cases of a select, a plural or a tag are checked too.
 */
import { IntlMessageFormat } from 'intl-messageformat';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
type PluralType = 'cardinal' | 'ordinal';

/** CLDR's order of the categories; Node.js versions list them in different orders. */
const cldrOrder = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The categories `Intl.PluralRules` can select for a language, in CLDR's order (`other` last). */
export function pluralCategories(language: string, type: PluralType = 'cardinal'): string[] {
  const categories = new Intl.PluralRules(language, { type }).resolvedOptions().pluralCategories;
  return cldrOrder.filter((c) => c === 'other' || categories.includes(c as Intl.LDMLPluralRule));
}

/** What is wrong with the plural arguments of an ICU message in a language; empty when nothing is. */
export function pluralProblems(message: string, language: string): string[] {
  const problems: string[] = [];
  const walk = (elements: Element[]) => {
    for (const el of elements) {
      if ('pluralType' in el) {
        const type: PluralType = el.pluralType === 'ordinal' ? 'ordinal' : 'cardinal';
        const wanted = pluralCategories(language, type);
        const given = Object.keys(el.options).filter((key) => !key.startsWith('='));
        const missing = wanted.filter((c) => !given.includes(c));
        const extra = given.filter((c) => !wanted.includes(c));
        const kind = type === 'ordinal' ? 'selectordinal' : 'plural';
        const expected = `${language} has ${wanted.join(', ')}`;
        if (missing.length > 0)
          problems.push(`{${el.value}, ${kind}} lacks ${missing.join(', ')} (${expected})`);
        if (extra.length > 0)
          problems.push(
            `{${el.value}, ${kind}} has ${extra.join(', ')}, which ${language} never selects (${expected})`,
          );
      }
      if ('options' in el) for (const option of Object.values(el.options)) walk(option.value);
      if ('children' in el) walk(el.children);
    }
  };
  walk(new IntlMessageFormat(message, language).getAst());
  return problems;
}
