import { describe, expect, it } from 'vitest';
import { editField, loadedEditor } from '../../src-renderer/state/editor';
import { leaveDecision, pickSelection } from '../../src-renderer/state/navigation';
import type { ServerView } from '../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';

const clean = loadedEditor(
  'a',
  { ...DEFAULT_SETTINGS, version: 1, updatedAt: '2026-11-28T12:00:00Z', updatedBy: 'system' },
  true,
);
const dirty = editField(clean, 'timeouts.idleMinutes', 20);

function server(id: string): ServerView {
  return {
    id,
    name: id,
    baseUrl: 'https://127.0.0.1:1',
    environment: null,
    authKind: 'account',
    username: 'admin',
    pinnedFingerprint: null,
    lastEventId: 0,
    status: { state: 'connected', message: null, checkedAt: null, unreadMassLogouts: 0 },
  };
}

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
    expect(pickSelection([server('a'), server('b')], 'b')).toBe('b');
    expect(pickSelection([server('a')], 'b')).toBe('a');
    expect(pickSelection([], 'b')).toBeNull();
  });
});
