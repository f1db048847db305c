/**
 * The arithmetic of time and hour banks (issue 14, points 4 and 6), pure and shared by the server and
 * the web app: rounding entries, rates and amounts, banks with their ledger and period closes, the
 * portal's figures and the usage alerts. docs/hours.md explains the rules with worked examples.
 */
export * from './bank.ts';
export * from './calendar.ts';
export * from './errors.ts';
export * from './projection.ts';
export * from './rates.ts';
export * from './rounding.ts';
export * from './thresholds.ts';
