/**
 * A server address's origin (scheme, host, port), the unit credentials and certificate pins
 * are bound to, as a browser binds its saved passwords. Plain TypeScript (the WHATWG URL
 * parser is in both Node and the renderer), so main, the contract and the dialogs share it.
 */

/** The normalized origin of an address (`https://h:443` is `https://h`); null if it is not a URL. */
export function originOf(address: string): string | null {
  try {
    const url = new URL(address.trim());
    // Only http(s) have a meaningful origin here; URL gives "null" for the others.
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * An address as the URL parser writes it: the host in punycode and lower case (a look-alike
 * host shows as the `xn--` name it is), the default port dropped, and a lone `/` path left
 * out; a path, query or fragment kept. The address must parse (the schemas check that first).
 */
export function normalizeAddress(address: string): string {
  const url = new URL(address.trim());
  return url.pathname === '/' && url.search === '' && url.hash === ''
    ? url.href.slice(0, -1)
    : url.href;
}

/** Whether two addresses share scheme, host and port (default ports and host case normalized). */
export function sameOrigin(a: string, b: string): boolean {
  const origin = originOf(a);
  return origin !== null && origin === originOf(b);
}

/** `host:port` of an address, the port written out (what `openssl s_client -connect` takes). */
export function hostAndPort(address: string): string {
  try {
    const url = new URL(address);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return address;
  }
}

/**
 * Why a new address needs the credentials again: the one wording of the rule, shown by the
 * edit dialog before saving and returned by main when the rule is broken.
 */
export const NEW_ORIGIN_NEEDS_CREDENTIALS =
  'A new scheme, host or port is another server: type its password or API key again. Stored credentials are only ever sent to the address they were typed for, and a pinned certificate is dropped with the old address.';
