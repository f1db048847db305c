import {
  type AliasNode,
  type BinaryOperationNode,
  type DeleteQueryNode,
  type FromNode,
  type InsertQueryNode,
  JoinNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  QueryNode,
  type QueryResult,
  type RawNode,
  type RootOperationNode,
  type SelectQueryNode,
  type TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueNode,
} from 'kysely';
import { always, column, cond, id, table as tableNode, value } from './nodes.ts';
import { ruleFor, type TableRule } from './registry.ts';
import { type ClientScope, describeScope, type Scope } from './scope.ts';

/**
 * A query the access layer refuses: a table it does not know, client data without a scope, a
 * staff-only table or an insert for another client under a client scope. It is thrown while the query
 * is compiled, before anything reaches the database, in every environment: a programming error, which
 * the HTTP layer answers as a 500 without details.
 */
export class ScopeError extends Error {
  constructor(message: string) {
    super(`Access layer: ${message}`);
    this.name = 'ScopeError';
  }
}

/**
 * The access layer (decision 005). Every Kysely instance the application holds carries exactly one
 * AccessPlugin: the database's own has none of a scope, and `withScope` swaps it for one with a scope.
 * For each query it finds every table read or written (FROM, JOIN, UPDATE, DELETE, INSERT, and table
 * names in raw SQL) and checks them against the registry; under a client scope it adds the client
 * filter to each of them, in the WHERE clause for FROM and UPDATE/DELETE targets and in the ON clause
 * for joins (so a left join's row of another client reads as absent, never as present).
 */
export class AccessPlugin implements KyselyPlugin {
  constructor(readonly scope: Scope | null) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const ctes = lazyCteNames(args.node);
    if (this.scope?.kind === 'client') {
      return new ClientFilter(this.scope, ctes).transformNode(args.node);
    }
    const scope = this.scope;
    forEachSource(args.node, (table) => {
      const rule = ruleFor(table);
      if (!rule && ctes.has(table)) return;
      if (!rule) throw new ScopeError(`the table "${table}" is not in the access registry`);
      if (!scope && rule.kind !== 'provider') {
        throw new ScopeError(
          `"${table}" holds client data: query it through a scoped database (database.scoped(scopeFor(actor)) or system(reason))`,
        );
      }
    });
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** Table names in raw SQL (`from x`, `join x`, `update x`, `into x`); unknown words are not tables. */
const rawTable = /\b(?:from|join|update|into)\s+"?([a-z_][a-z0-9_]*)"?/gi;
/** A fragment whose next parameter is a table (`from ${sql.id(name)}`). */
const rawTableBefore = /\b(?:from|join|update|into)\s*$/i;

function rawTables(node: RawNode): string[] {
  const names: string[] = [];
  node.sqlFragments.forEach((fragment, i) => {
    for (const match of fragment.matchAll(rawTable)) {
      const name = match[1]?.toLowerCase();
      if (name && ruleFor(name)) names.push(name);
    }
    let parameter = node.parameters[i];
    // sql.id(name) is a raw node around identifiers: the last one names the table.
    if (parameter?.kind === 'RawNode') parameter = (parameter as RawNode).parameters.at(-1);
    if (parameter && rawTableBefore.test(fragment)) {
      if (parameter.kind === 'IdentifierNode') names.push((parameter as unknown as { name: string }).name);
      const table = tableName(parameter);
      if (table) names.push(table);
    }
  });
  for (const parameter of node.parameters) {
    const table = parameter.kind === 'TableNode' ? tableName(parameter) : null;
    if (table) names.push(table);
  }
  return names;
}

function tableName(node: OperationNode): string | null {
  if (node.kind === 'TableNode') return (node as TableNode).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as AliasNode).node);
  return null;
}

/** The name a query refers to a source by: its alias, or the table's own name. */
function sourceRef(node: OperationNode): string | null {
  if (node.kind === 'TableNode') return (node as TableNode).table.identifier.name;
  if (node.kind === 'AliasNode') {
    const alias = (node as AliasNode).alias;
    if (alias.kind === 'IdentifierNode') return (alias as unknown as { name: string }).name;
  }
  return null;
}

function isNode(value: unknown): value is OperationNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}

/**
 * Node kinds that never hold a query, a table or raw SQL below them: the walks stop there. (A value's
 * own data is never walked: a JSON value with a `kind` field is not a node.)
 */
const LEAVES: ReadonlySet<string> = new Set([
  'IdentifierNode',
  'SchemableIdentifierNode',
  'ColumnNode',
  'ReferenceNode',
  'TableNode',
  'ValueNode',
  'PrimitiveValueListNode',
  'OperatorNode',
  'SelectAllNode',
  'DefaultValueNode',
  'DefaultInsertValueNode',
]);

/** Walks every node of a query tree (runs for every query: no allocation per node). */
function walk(node: OperationNode, visit: (node: OperationNode) => void): void {
  visit(node);
  if (LEAVES.has(node.kind)) return;
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

interface CteNames {
  has(name: string): boolean;
}

/**
 * The names of a query's common table expressions, read only when a name the registry does not know
 * turns up (most queries have none). A registered table's name always means the table: a CTE cannot
 * take its place to escape the filter.
 */
function lazyCteNames(root: OperationNode): CteNames {
  let names: Set<string> | null = null;
  return {
    has(name) {
      if (!names) {
        const found = new Set<string>();
        walk(root, (node) => {
          if (node.kind === 'CommonTableExpressionNameNode') {
            found.add((node as unknown as { table: TableNode }).table.table.identifier.name);
          }
        });
        names = found;
      }
      return names.has(name);
    },
  };
}

/** Calls `fn` with every table a query reads or writes. */
function forEachSource(root: OperationNode, fn: (table: string) => void): void {
  const source = (node: OperationNode | undefined) => {
    if (!node) return;
    const name = tableName(node);
    if (name) fn(name);
  };
  walk(root, (node) => {
    switch (node.kind) {
      case 'FromNode':
        for (const from of (node as FromNode).froms) source(from);
        break;
      case 'JoinNode':
        source((node as JoinNode).table);
        break;
      case 'UpdateQueryNode':
        source((node as UpdateQueryNode).table);
        break;
      case 'InsertQueryNode':
        source((node as InsertQueryNode).into);
        break;
      case 'UsingNode':
        for (const table of (node as unknown as { tables: readonly OperationNode[] }).tables) source(table);
        break;
      case 'MergeQueryNode':
        source((node as unknown as { into: OperationNode }).into);
        source((node as unknown as { using?: JoinNode }).using?.table);
        break;
      case 'RawNode':
        for (const name of rawTables(node as RawNode)) fn(name);
        break;
    }
  });
}

/**
 * Queries this plugin has already filtered, with the client they were filtered for. A query built from
 * a scoped handle and embedded in another (`where id in (subquery)`) is transformed when it is
 * embedded, and its result is what the outer query holds: the outer pass leaves it as it is. Only the
 * result of each pass is recorded (one entry a query, not one a node: weak entries cost the garbage
 * collector).
 */
const filteredFor = new WeakMap<OperationNode, unknown>();

/**
 * Adds a client's filter to every client-data table of a query (see AccessPlugin). It runs for every
 * query a contact's request makes, so it rebuilds only the nodes on the way to a query it changes and
 * keeps every other node as it is (Kysely's nodes are frozen plain objects), rather than copying the
 * whole tree as Kysely's OperationNodeTransformer does.
 */
class ClientFilter {
  #aliases = 0;

  constructor(
    private readonly scope: ClientScope,
    private readonly ctes: CteNames,
  ) {}

  transformNode<T extends OperationNode>(node: T): T {
    if (this.#done(node)) return node;
    const out = this.#rewrite(node);
    filteredFor.set(out, this.scope.clientId);
    return out as T;
  }

  #rewrite(node: OperationNode): OperationNode {
    switch (node.kind) {
      case 'SelectQueryNode':
        return this.#select(node as SelectQueryNode);
      case 'UpdateQueryNode':
        return this.#update(node as UpdateQueryNode);
      case 'DeleteQueryNode':
        return this.#delete(node as DeleteQueryNode);
      case 'InsertQueryNode':
        return this.#insert(node as InsertQueryNode);
      case 'RawNode':
        return this.#raw(node as RawNode);
      case 'MergeQueryNode':
        throw new ScopeError('a merge query cannot be scoped to a client');
      default:
        return this.#children(node);
    }
  }

  /** The node with its children rewritten; the same object when none changed. */
  #children<T extends OperationNode>(node: T): T {
    if (LEAVES.has(node.kind)) return node;
    const fields = node as unknown as Record<string, unknown>;
    let copy: Record<string, unknown> | null = null;
    for (const key in fields) {
      const value = fields[key];
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value)) {
        let items: unknown[] | null = null;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (!isNode(item)) continue;
          const next = this.#rewrite(item);
          if (next !== item) {
            items ??= value.slice();
            items[i] = next;
          }
        }
        if (items) {
          copy ??= { ...fields };
          copy[key] = Object.freeze(items);
        }
      } else if (isNode(value)) {
        const next = this.#rewrite(value);
        if (next !== value) {
          copy ??= { ...fields };
          copy[key] = next;
        }
      }
    }
    return copy ? (Object.freeze(copy) as unknown as T) : node;
  }

  #alias = (): string => {
    this.#aliases += 1;
    return `__scope${this.#aliases}`;
  };

  /**
   * The condition a row of `table`, named `ref` in the query, must meet; null for provider tables.
   * `pinned`: the value the query's own WHERE fixes the row's parent key to, if any (see pinnedValue).
   */
  #filter(
    table: string,
    ref: string,
    write = false,
    pinned: OperationNode | null = null,
  ): OperationNode | null {
    const rule = ruleFor(table);
    if (!rule && this.ctes.has(table)) return null;
    if (!rule) throw new ScopeError(`the table "${table}" is not in the access registry`);
    return this.#condition(table, rule, ref, write, pinned);
  }

  /**
   * Built from nodes directly rather than through `sql` templates: it runs for every table of every
   * query a contact's request makes, and the parsed pieces (references, tables) are kept.
   */
  #condition(
    table: string,
    rule: TableRule,
    ref: string,
    write = false,
    pinned: OperationNode | null = null,
  ): OperationNode | null {
    const clientId = this.scope.clientId;
    switch (rule.kind) {
      case 'provider':
        return null;
      case 'staff-only':
        throw new ScopeError(
          `"${table}" is for staff and system work only, not under ${describeScope(this.scope)}`,
        );
      case 'outbox':
        throw new ScopeError(`"${table}" is written with a change and read only by system work`);
      case 'client': {
        // `+column`: a check on rows the query reaches by its own indexes, never a way in (SQLite).
        const own = cond`+${column(ref, rule.column)} = ${value(clientId)}`;
        return rule.contactFilter ? both(own, contactCondition(table, rule.contactFilter, ref)) : own;
      }
      case 'through': {
        const parentRule = ruleFor(rule.parent);
        if (!parentRule) throw new ScopeError(`the table "${rule.parent}" is not in the access registry`);
        const p = this.#alias();
        const parent = this.#condition(rule.parent, parentRule, p) ?? always;
        // With the parent key pinned to a value, the sub-query no longer depends on the row: SQLite
        // runs it once rather than once for every row (a ticket's messages).
        const key = pinned ?? column(ref, rule.column);
        const exists = cond`exists (select 1 from ${tableNode(rule.parent)} as ${id(p)} where ${column(p, 'id')} = ${key} and ${parent})`;
        return rule.contactFilter ? both(exists, contactCondition(table, rule.contactFilter, ref)) : exists;
      }
      case 'custom':
        return (write && rule.writeFilter ? rule.writeFilter : rule.filter)(ref, clientId, this.#alias);
    }
  }

  /** The filter for a source; `write` for the target of an update or delete; `where` the query's own. */
  #sourceFilter(
    node: OperationNode,
    write = false,
    where?: { node: OperationNode | undefined; bare: boolean },
  ): OperationNode | null {
    const table = tableName(node);
    const ref = sourceRef(node);
    if (!table || !ref) return null;
    const rule = ruleFor(table);
    const pinned =
      rule?.kind === 'through' && where ? pinnedValue(where.node, ref, rule.column, where.bare) : null;
    return this.#filter(table, ref, write, pinned);
  }

  #done(node: OperationNode): boolean {
    return filteredFor.has(node) && filteredFor.get(node) === this.scope.clientId;
  }

  #select(node: SelectQueryNode): SelectQueryNode {
    if (this.#done(node)) return node;
    let out = this.#children(node);
    const froms = out.from?.froms ?? [];
    const where = { node: out.where, bare: froms.length === 1 };
    for (const from of froms) {
      const filter = this.#sourceFilter(from, false, where);
      if (filter) out = QueryNode.cloneWithWhere(out, filter);
    }
    if (out.joins) out = { ...out, joins: out.joins.map((join) => this.#filteredJoin(join)) };
    return out;
  }

  #update(node: UpdateQueryNode): UpdateQueryNode {
    if (this.#done(node)) return node;
    let out = this.#children(node);
    if (out.table) {
      if (out.table.kind !== 'TableNode' && out.table.kind !== 'AliasNode') {
        throw new ScopeError('an update of several tables cannot be scoped to a client');
      }
      const where = { node: out.where, bare: !out.from };
      const filter = this.#sourceFilter(out.table, true, where);
      if (filter) out = QueryNode.cloneWithWhere(out, filter);
    }
    for (const from of out.from?.froms ?? []) {
      const filter = this.#sourceFilter(from);
      if (filter) out = QueryNode.cloneWithWhere(out, filter);
    }
    if (out.joins) out = { ...out, joins: out.joins.map((join) => this.#filteredJoin(join)) };
    return out;
  }

  #delete(node: DeleteQueryNode): DeleteQueryNode {
    if (this.#done(node)) return node;
    let out = this.#children(node);
    const where = { node: out.where, bare: out.from.froms.length === 1 && !out.using };
    for (const from of out.from.froms) {
      const filter = this.#sourceFilter(from, true, where);
      if (filter) out = QueryNode.cloneWithWhere(out, filter);
    }
    for (const table of out.using?.tables ?? []) {
      const filter = this.#sourceFilter(table);
      if (filter) out = QueryNode.cloneWithWhere(out, filter);
    }
    if (out.joins) out = { ...out, joins: out.joins.map((join) => this.#filteredJoin(join)) };
    return out;
  }

  #insert(node: InsertQueryNode): InsertQueryNode {
    const out = this.#children(node);
    const table = out.into ? tableName(out.into) : null;
    if (!table) return out;
    const rule = ruleFor(table);
    if (!rule && this.ctes.has(table)) return out;
    if (!rule) throw new ScopeError(`the table "${table}" is not in the access registry`);
    switch (rule.kind) {
      case 'provider':
      case 'outbox':
      case 'through':
        // A child row's parent was checked by requireAccess before the insert; the filter covers reads.
        return out;
      case 'staff-only':
        throw new ScopeError(
          `"${table}" is for staff and system work only, not under ${describeScope(this.scope)}`,
        );
      case 'custom':
        if (!rule.contactInserts) {
          throw new ScopeError(`a contact's work may not add rows to "${table}"`);
        }
        return out;
      case 'client':
        this.#checkInsertedClient(table, rule.column, out);
        return out;
    }
  }

  /** Every row inserted into a client table under a client scope must be that client's. */
  #checkInsertedClient(table: string, column: string, node: InsertQueryNode): void {
    const at = (node.columns ?? []).findIndex((c) => c.column.name === column);
    const values = node.values;
    if (at < 0 || !values || values.kind !== 'ValuesNode') {
      throw new ScopeError(`an insert into "${table}" under a client scope must give ${column} as a value`);
    }
    for (const row of (values as unknown as { values: readonly OperationNode[] }).values) {
      let value: unknown;
      if (row.kind === 'PrimitiveValueListNode') {
        value = (row as unknown as { values: readonly unknown[] }).values[at];
      } else {
        const item = (row as unknown as { values: readonly OperationNode[] }).values[at];
        value = item?.kind === 'ValueNode' ? (item as unknown as { value: unknown }).value : undefined;
      }
      if (value !== this.scope.clientId) {
        throw new ScopeError(
          `an insert into "${table}" names another client than ${describeScope(this.scope)}`,
        );
      }
    }
  }

  #filteredJoin(join: JoinNode): JoinNode {
    const filter = this.#sourceFilter(join.table);
    if (!filter) return join;
    if (join.on) return JoinNode.cloneWithOn(join, filter);
    // A cross join has no ON: the filter joins it as its condition.
    return JoinNode.createWithOn(
      join.joinType === 'CrossJoin' ? 'InnerJoin' : join.joinType,
      join.table,
      filter,
    );
  }

  #raw(node: RawNode): RawNode {
    const out = this.#children(node);
    for (const table of rawTables(out)) {
      const rule = ruleFor(table);
      if (!rule && this.ctes.has(table)) continue;
      if (rule && rule.kind !== 'provider') {
        throw new ScopeError(
          `raw SQL reading "${table}" cannot be scoped to a client: use the query builder`,
        );
      }
    }
    return out;
  }
}

/** `(a and b)` */
function both(a: OperationNode, b: OperationNode): OperationNode {
  return cond`(${a} and ${b})`;
}

/** A table's contact filter names no client: one node per table and reference, kept. */
const contactConditions = new Map<string, OperationNode>();
function contactCondition(table: string, filter: (ref: string) => OperationNode, ref: string): OperationNode {
  const key = `${table} ${ref}`;
  let node = contactConditions.get(key);
  if (!node) {
    node = filter(ref);
    if (contactConditions.size < 5_000) contactConditions.set(key, node);
  }
  return node;
}

/**
 * The value a query's WHERE fixes `ref.column` to in its top-level conjunction (`column = v`, or
 * `column in (v)` with a single value), else null. Rows the filter sees have that value anyway, so the
 * filter may use it in place of the column. `bare`: an unqualified column counts (one source).
 */
function pinnedValue(
  node: OperationNode | undefined,
  ref: string,
  column: string,
  bare: boolean,
): OperationNode | null {
  if (!node) return null;
  switch (node.kind) {
    case 'WhereNode':
      return pinnedValue((node as unknown as { where: OperationNode }).where, ref, column, bare);
    case 'ParensNode':
      return pinnedValue((node as unknown as { node: OperationNode }).node, ref, column, bare);
    case 'AndNode': {
      const and = node as unknown as { left: OperationNode; right: OperationNode };
      return pinnedValue(and.left, ref, column, bare) ?? pinnedValue(and.right, ref, column, bare);
    }
    case 'BinaryOperationNode': {
      const b = node as BinaryOperationNode;
      if (b.operator.kind !== 'OperatorNode' || !isColumn(b.leftOperand, ref, column, bare)) return null;
      const operator = (b.operator as unknown as { operator: string }).operator;
      const right = b.rightOperand;
      if (operator === '=' && right.kind === 'ValueNode') return right;
      if (operator !== 'in') return null;
      if (right.kind === 'PrimitiveValueListNode') {
        const values = (right as unknown as { values: readonly unknown[] }).values;
        return values.length === 1 ? ValueNode.create(values[0]) : null;
      }
      if (right.kind === 'ValueListNode') {
        const values = (right as unknown as { values: readonly OperationNode[] }).values;
        return values.length === 1 && values[0]?.kind === 'ValueNode' ? values[0] : null;
      }
      return null;
    }
    default:
      return null;
  }
}

function isColumn(node: OperationNode, ref: string, column: string, bare: boolean): boolean {
  if (node.kind !== 'ReferenceNode') return false;
  const r = node as unknown as {
    column: { kind: string; column?: { name: string } };
    table?: TableNode;
  };
  if (r.column.kind !== 'ColumnNode' || r.column.column?.name !== column) return false;
  return r.table ? r.table.table.identifier.name === ref : bare;
}
