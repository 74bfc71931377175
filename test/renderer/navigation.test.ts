import { describe, expect, it } from 'vitest';
import { editField, loadedEditor } from '../../src-renderer/state/editor';
import { leaveDecision, pickSelection } from '../../src-renderer/state/navigation';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { serverView } from '../fixtures/server-view';

const clean = loadedEditor(
  'a',
  { ...DEFAULT_SETTINGS, version: 1, updatedAt: '2026-11-28T12:00:00Z', updatedBy: 'system' },
  true,
);
const dirty = editField(clean, 'timeouts.idleMinutes', 20);

describe('leaveDecision', () => {
  it('lets a clean editor go anywhere', () => {
    expect(leaveDecision(clean, 'a', 'timeouts', { serverId: 'b', panel: 'timeouts' })).toEqual({
      kind: 'go',
    });
  });

  it('asks before leaving a server with unsaved changes', () => {
    expect(leaveDecision(dirty, 'a', 'persistence', { serverId: 'b', panel: 'timeouts' })).toEqual({
      kind: 'confirm-server',
      fields: ['timeouts.idleMinutes'],
    });
  });

  it('asks before leaving the panel that holds the changes, not another one', () => {
    expect(leaveDecision(dirty, 'a', 'timeouts', { serverId: 'a', panel: 'operations' })).toEqual({
      kind: 'confirm-panel',
      fields: ['timeouts.idleMinutes'],
    });
    expect(
      leaveDecision(dirty, 'a', 'persistence', { serverId: 'a', panel: 'operations' }),
    ).toEqual({
      kind: 'go',
    });
  });
});

describe('pickSelection', () => {
  it('keeps the selected server while it exists, else takes the first, else none', () => {
    expect(pickSelection([serverView({ id: 'a' }), serverView({ id: 'b' })], 'b')).toBe('b');
    expect(pickSelection([serverView({ id: 'a' })], 'b')).toBe('a');
    expect(pickSelection([], 'b')).toBeNull();
  });
});
