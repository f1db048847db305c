/**
 * The arithmetic of billing (issue 15), pure and shared by the server, the web app and the PDF: exact
 * decimals and the totals of a document. docs/billing.md explains the rules with worked examples.
 */
export * from './decimal.ts';
export * from './errors.ts';
export * from './numbers.ts';
export * from './totals.ts';
