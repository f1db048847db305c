import { IdentifierNode, type OperationNode, RawNode, sql, ValueNode } from 'kysely';

/**
 * Building blocks for the access layer's filters, as Kysely nodes made directly. The filters are added
 * to every query a contact's request makes, so they are not written with `sql` templates (which parse
 * every reference anew): a template here is `cond` over nodes, and the parsed references and tables
 * are kept by their text. The same few dozen come back in every query; the cap only guards against a
 * caller inventing names without end.
 */
const KEPT = 5_000;
const references = new Map<string, OperationNode>();
const tables = new Map<string, OperationNode>();

function kept(cache: Map<string, OperationNode>, key: string, make: () => OperationNode): OperationNode {
  let node = cache.get(key);
  if (!node) {
    node = make();
    if (cache.size < KEPT) cache.set(key, node);
  }
  return node;
}

/** A column reference, `"ref"."column"`. */
export function column(ref: string, name: string): OperationNode {
  const path = `${ref}.${name}`;
  return kept(references, path, () => sql.ref(path).toOperationNode());
}

/** A table, `"name"`. */
export function table(name: string): OperationNode {
  return kept(tables, name, () => sql.table(name).toOperationNode());
}

/** An identifier (an alias), `"name"`. */
export function id(name: string): OperationNode {
  return IdentifierNode.create(name);
}

/** A value, sent as a parameter. */
export function value(v: unknown): OperationNode {
  return ValueNode.create(v);
}

/** SQL text around nodes: `cond\`+${column('t', 'client_id')} = ${value(1)}\``. */
export function cond(strings: TemplateStringsArray, ...parameters: OperationNode[]): OperationNode {
  return RawNode.create(strings, parameters);
}

/** The condition that holds for every row. */
export const always: OperationNode = RawNode.createWithSql('1 = 1');
