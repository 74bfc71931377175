/**
 * Colour for people at a terminal: SGR sequences only when the stream is a terminal, never
 * when it is piped or redirected, never with NO_COLOR (https://no-color.org, any non-empty
 * value) or --no-color; FORCE_COLOR (non-empty, not "0") turns it on for a pipe, as Node's
 * own tools and chalk read it, so tests can see the colours.
 *
 * A colour is written as a marker that carries this run's random nonce, and becomes an SGR
 * sequence only in `renderColors`, after the text around it had its control characters
 * escaped: so a name from a file or a server can neither colour the screen nor do more.
 */

import { randomBytes } from 'node:crypto';

/** The colours qbsc uses; each is the identity when colour is off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Whether to colour a stream: `flag` is --color/--no-color (undefined when not given). */
export function colorWanted(
  isTTY: boolean,
  env: NodeJS.ProcessEnv = process.env,
  flag: boolean | undefined = undefined,
): boolean {
  if (flag === false) return false;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return isTTY && env['TERM'] !== 'dumb';
}

const NONCE = randomBytes(6).toString('hex');
const MARK = `\ue000${NONCE}`;
const MARKS = new RegExp(`${MARK}(\\d+)\ue001`, 'g');

const marker = (code: number): string => `${MARK}${code}\ue001`;

function sgr(open: number, close: number, enabled: boolean): (text: string) => string {
  if (!enabled) return (text) => text;
  return (text) => (text === '' ? text : `${marker(open)}${text}${marker(close)}`);
}

/** The colour markers of this run as SGR sequences (call after escaping the text). */
export function renderColors(text: string): string {
  return text.replace(MARKS, (_, code: string) => `\x1b[${code}m`);
}

/** The colours, on or off. */
export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: sgr(1, 22, enabled),
    dim: sgr(2, 22, enabled),
    red: sgr(31, 39, enabled),
    green: sgr(32, 39, enabled),
    yellow: sgr(33, 39, enabled),
    cyan: sgr(36, 39, enabled),
  };
}

/** How many columns `text` takes on screen (colour markers take none). */
export function visibleLength(text: string): number {
  return [...text.replace(MARKS, '')].length;
}
