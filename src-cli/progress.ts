/**
 * Progress on stderr: at a terminal one bar redrawn in place ("[#####-----] 3/10 read: Box A"),
 * cleared when the work is done; piped or redirected, one plain line per step ("read 3 of 10:
 * Box A"), which a log keeps and a test can wait for.
 */

import { escapeUnsafeText } from '../src-shared/unsafe-text';
import { renderColors, type Style } from './style';

/** Reports steps of one piece of work. */
export interface Progress {
  /** Step `done` of `total` of `verb` (read, applied), about `what`. */
  step(verb: string, done: number, total: number, what: string): void;
  /** The work is over: the bar is cleared (nothing to do for plain lines). */
  end(): void;
}

const BAR_WIDTH = 20;

/** Progress written to `stream`, a bar when `terminal`. */
export function createProgress(
  stream: NodeJS.WritableStream,
  terminal: boolean,
  style: Style,
  columns = 80,
): Progress {
  let drawn = false;
  return {
    step(verb, done, total, what) {
      const safe = escapeUnsafeText(what);
      if (!terminal) {
        stream.write(`${verb} ${done} of ${total}: ${safe}\n`);
        return;
      }
      const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
      const line = `${bar} ${done}/${total} ${verb}: ${safe}`;
      // One line, never wrapped (a wrapped line could not be redrawn in place).
      const fitted = [...line].slice(0, Math.max(10, columns - 1)).join('');
      stream.write(
        `\r\x1b[2K${renderColors(style.cyan(fitted.slice(0, bar.length)))}${fitted.slice(bar.length)}`,
      );
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
