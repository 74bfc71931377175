/**
 * The window's size, position and maximized state, remembered in `window-state.json` in the
 * user data folder (the JSON file store's atomic write), and restored only where a display
 * still shows enough of it: a window saved on a monitor that has since been unplugged would
 * otherwise open off-screen, where nobody can reach it.
 */

import { join } from 'node:path';
import type { Rectangle } from 'electron';
import { z } from 'zod';
import { readJsonOrDefault } from '../core/json-document';
import { writeJsonFile } from '../core/json-file-store';
import type { Logger } from '../core/logger';

/** The file, in the user data folder. */
export const WINDOW_STATE_FILE = 'window-state.json';

const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

/** Where the window was, its size when not maximized, and whether it was maximized. */
export type WindowState = z.infer<typeof windowStateSchema>;

/** How much of the window a display must show for it to open there: its title bar, grabbable. */
export const MIN_VISIBLE = { width: 100, height: 50 };

/** How long the window rests before a move or resize is written (a drag is many moves). */
export const SAVE_DELAY_MS = 500;

/** Where the window opens: its saved bounds, or none (centred, default size). */
export interface WindowPlacement {
  bounds?: Rectangle;
  maximized: boolean;
}

/** Whether a work area shows at least MIN_VISIBLE of a rectangle. */
function shows(workArea: Rectangle, bounds: Rectangle): boolean {
  const width =
    Math.min(workArea.x + workArea.width, bounds.x + bounds.width) - Math.max(workArea.x, bounds.x);
  const height =
    Math.min(workArea.y + workArea.height, bounds.y + bounds.height) -
    Math.max(workArea.y, bounds.y);
  return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height;
}

/**
 * The saved bounds when one display's work area still shows enough of them; otherwise none,
 * so the window opens centred at its default size. Maximized is kept either way: it fits
 * whichever display the window opens on.
 */
export function placementFor(state: WindowState | null, workAreas: Rectangle[]): WindowPlacement {
  if (!state) return { maximized: false };
  const { maximized, ...bounds } = state;
  return workAreas.some((area) => shows(area, bounds)) ? { bounds, maximized } : { maximized };
}

/** Reads the saved state; missing or unusable (logged) means none. */
export async function loadWindowState(
  dataDir: string,
  logger: Logger,
): Promise<WindowState | null> {
  return readJsonOrDefault(
    join(dataDir, WINDOW_STATE_FILE),
    windowStateSchema,
    null,
    logger,
    'Window state file is not valid; the window opens centred',
  );
}

/** What the tracker needs of a BrowserWindow. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): void;
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
}

/**
 * Writes the window's state to the data folder after it rests from a move or resize, and at
 * once when it is closed (hidden, minimized, or quitting). The bounds written are the normal
 * ones, so a maximized window restores to its size before it was maximized.
 */
export function rememberWindowState(
  window: TrackedWindow,
  dataDir: string,
  logger: Logger,
  delayMs = SAVE_DELAY_MS,
): void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    writeJsonFile(join(dataDir, WINDOW_STATE_FILE), state).catch((error: unknown) => {
      logger.warn('Window state could not be saved', { reason: String(error) });
    });
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const)
    window.on(event, later);
  window.on('close', save);
}
