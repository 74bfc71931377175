/**
 * `--verbose`'s line for one request: `GET http://box:8787/api/settings/sessions 200 12 ms`.
 * The transport hands over the method, the URL (origin and path, no user info) and the
 * status, never a header, a body or a cookie; a query parameter whose name says it holds a
 * secret is masked all the same, should a server's path ever carry one.
 */

import type { Exchange } from '../src-main/core/client/client-transport';
import type { Style } from './style';

const SECRET_NAMES = /token|key|secret|password|passwd|otp|cookie|session_?id|auth/i;

/** The URL with the values of secret-named query parameters masked. */
export function maskedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = decodeURIComponent(pair.split('=')[0] ?? '');
      return SECRET_NAMES.test(name) ? `${pair.split('=')[0]}=***` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}

/** The line --verbose prints for `exchange`. */
export function exchangeLine(exchange: Exchange, style: Style): string {
  const status =
    exchange.status === null
      ? style.red(exchange.error ?? 'no answer')
      : exchange.status >= 400
        ? style.yellow(String(exchange.status))
        : String(exchange.status);
  return `${style.dim('request')} ${exchange.method} ${maskedUrl(exchange.url)} ${status} ${exchange.ms} ms`;
}
