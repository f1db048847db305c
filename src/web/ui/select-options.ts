/** The list a Select offers, plus the current value should the browser not list it (e.g. "UTC"). */
export function withCurrent(values: readonly string[], current: string): string[] {
  return current && !values.includes(current) ? [current, ...values] : [...values];
}
