/**
 * Origins and addresses: the one home of every URL helper. An origin (scheme, host, port) is
 * the unit credentials and certificate pins are bound to, as a browser binds its saved
 * passwords, and the unit the shell recognises the app's own page by. Plain TypeScript (the
 * WHATWG URL parser is in both Node and the renderer), so main, the contract, the dialogs and
 * qbsc share it.
 */

/**
 * The normalized origin of a URL (`https://h:443` is `https://h`), as Chromium sees it: an
 * http(s) origin as the URL parser gives it, and a standard scheme's (the app's
 * `app://quickbox`, which Node's parser calls opaque) as scheme and host, the host in lower
 * case. Null for what has none: not a URL, a file, a URL without a host (data:, about:).
 */
export function originOf(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  // A file has no origin to trust: Chromium makes each one opaque.
  if (url.protocol === 'file:' || url.host === '') return null;
  return `${url.protocol}//${url.host.toLowerCase()}`;
}

/**
 * A URL for the log: its origin only, never its path or query (which may hold anything);
 * the scheme alone for a URL without an origin, and null for no URL at all.
 */
export function originForLog(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    return originOf(url) ?? new URL(url).protocol;
  } catch {
    return 'not a URL';
  }
}

/** The same address, path included (trailing slashes aside; host case and default port too). */
export function sameAddress(a: string, b: string): boolean {
  try {
    return new URL(a).href.replace(/\/+$/, '') === new URL(b).href.replace(/\/+$/, '');
  } catch {
    return false;
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
