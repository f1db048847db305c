/** Length in characters as the server counts it (code points, so an emoji is one). */
export function characterCount(value: string): number {
  return [...value].length;
}
