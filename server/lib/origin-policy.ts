/** Whether a browser's Origin may act here: the page's own origin or one of the listed ones (HTTP and sockets). */
export function isAllowedOrigin(origin: string, own: string, allowed: string[]): boolean {
  return origin === own || allowed.includes(origin);
}
