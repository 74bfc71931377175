import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { drawAttention } from '../../../src-main/shell/attention';
import { BrowserWindow, app, calls, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => await import('./fake-electron'));

beforeAll(() => app.becomeReady());
beforeEach(() => {
  resetFakeElectron();
  app.useDock(false);
});

/** A window as the shell passes it (the fake has what drawAttention calls). */
function hiddenWindow(): BrowserWindow &
  NonNullable<Parameters<typeof drawAttention>[0]['window']> {
  return new BrowserWindow({}) as never;
}

describe('drawAttention (a native notification failed)', () => {
  it('bounces the dock on macOS until the app is activated', () => {
    app.useDock(true);
    const window = hiddenWindow();
    drawAttention({ platform: 'darwin', dock: app.dock, window });
    expect(calls).toContain('app.dock.bounce(critical)');
    expect(window.visible).toBe(false);
  });

  it.each(['linux', 'win32'] as const)(
    'on %s shows the window (with its banner) without focus and flashes it until focused',
    (platform) => {
      const window = hiddenWindow();
      drawAttention({ platform, dock: undefined, window });
      expect(window.visible).toBe(true);
      expect(window.focused).toBe(false);
      expect(window.flashing).toBe(true);
      window.emit('focus');
      expect(calls.filter((call) => call.startsWith('window.flashFrame'))).toEqual([
        'window.flashFrame(true)',
        'window.flashFrame(false)',
      ]);
    },
  );

  it('does nothing without a window outside macOS', () => {
    expect(() => drawAttention({ platform: 'linux', dock: undefined, window: null })).not.toThrow();
    expect(calls).toEqual([]);
  });
});
