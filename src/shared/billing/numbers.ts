/** An invoice number as printed: the series' prefix and the number padded to `pad` digits (INV-0042). */
export function formatInvoiceNumber(prefix: string, sequence: number, pad: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`Not an invoice number: ${sequence}`);
  return `${prefix}${String(sequence).padStart(Math.max(1, Math.min(pad, 12)), '0')}`;
}
