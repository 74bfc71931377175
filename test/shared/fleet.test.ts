import { describe, expect, it } from 'vitest';
import {
  READ_ROW_STATES,
  SERVER_PROBLEM_KINDS,
  isReadRow,
  type FleetRow,
} from '../../src-shared/fleet';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';

const common = {
  serverId: 's1',
  name: 'one',
  environment: null,
  profileId: null,
  fetchedAt: '2026-12-07T10:00:00.000Z',
};

function readRow(state: 'ok' | 'read_only'): FleetRow {
  return {
    ...common,
    state,
    settings: { ...DEFAULT_SETTINGS, version: 1, updatedAt: common.fetchedAt, updatedBy: 'a' },
    canUpdate: state === 'ok',
    baselines: [],
    compliance: null,
  };
}

describe('isReadRow', () => {
  it('says a row was read when the server answered with its settings, writable or not', () => {
    expect(READ_ROW_STATES).toEqual(['ok', 'read_only']);
    expect(isReadRow(readRow('ok'))).toBe(true);
    expect(isReadRow(readRow('read_only'))).toBe(true);
  });

  it.each(SERVER_PROBLEM_KINDS)('says a %s row was not read', (kind) => {
    const row: FleetRow = {
      ...common,
      state: kind,
      problem: { kind, code: 'internal', message: 'no' },
    };
    expect(isReadRow(row)).toBe(false);
  });
});
