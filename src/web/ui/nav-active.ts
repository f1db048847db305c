function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Whether a navigation link is the current page: exact for home links (`end`), by prefix otherwise. */
export function isNavActive(pathname: string, to: string, end = false): boolean {
  const here = trimSlash(pathname);
  const target = trimSlash(to);
  if (end || here === target) return here === target;
  return here.startsWith(`${target}/`);
}
