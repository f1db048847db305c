/**
 * Services are module-level use-case functions that take their module's context first
 * (`submitTicket(ctx, actor, input)`), so each can be imported, tested and found on its own; a module
 * gathers them in one object, and the composition root binds that object to the module's context once,
 * so callers write `tickets.submit(actor, input)`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a use case's other parameters are its own business.
type UseCase<C> = (ctx: C, ...args: any[]) => unknown;

export type Bound<C, F extends Record<string, UseCase<C>>> = {
  readonly [K in keyof F]: F[K] extends (ctx: C, ...args: infer A) => infer R ? (...args: A) => R : never;
};

export function bindContext<C, F extends Record<string, UseCase<C>>>(ctx: C, useCases: F): Bound<C, F> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(useCases)) bound[name] = (...args: unknown[]) => fn(ctx, ...args);
  return Object.freeze(bound) as Bound<C, F>;
}
