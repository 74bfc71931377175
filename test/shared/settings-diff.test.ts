import { describe, expect, it } from 'vitest';
import {
  diffSettings,
  differingFields,
  driftOf,
  mergeFields,
  mergeSections,
} from '../../src-shared/settings-diff';
import { DEFAULT_SETTINGS, setField } from '../../src-shared/settings';
import { fieldsOf } from '../../src-shared/settings-sections';

const OTHER = setField(
  setField(
    setField(DEFAULT_SETTINGS, 'timeouts.idleMinutes', 20),
    'persistence.cookie.sameSite',
    'strict',
  ),
  'concurrency.maxSessionsPerUser',
  3,
);

describe('settings across servers', () => {
  it('takes only the chosen sections from the source, keeping the rest of the target', () => {
    const merged = mergeSections(DEFAULT_SETTINGS, OTHER, ['timeouts', 'concurrency']);

    expect(diffSettings(DEFAULT_SETTINGS, merged)).toEqual([
      { field: 'timeouts.idleMinutes', from: 30, to: 20 },
      { field: 'concurrency.maxSessionsPerUser', from: 5, to: 3 },
    ]);
  });

  it('takes only the chosen fields from the source (a revert of one drifted field)', () => {
    const merged = mergeFields(DEFAULT_SETTINGS, OTHER, ['concurrency.maxSessionsPerUser']);

    expect(diffSettings(DEFAULT_SETTINGS, merged)).toEqual([
      { field: 'concurrency.maxSessionsPerUser', from: 5, to: 3 },
    ]);
  });

  it('diffs only the given fields, marks differing cells, and tells drift from the profile to the server', () => {
    expect(diffSettings(DEFAULT_SETTINGS, OTHER, fieldsOf(['persistence']))).toEqual([
      { field: 'persistence.cookie.sameSite', from: 'lax', to: 'strict' },
    ]);
    expect(differingFields(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual([]);
    expect(differingFields(DEFAULT_SETTINGS, OTHER)).toEqual([
      'timeouts.idleMinutes',
      'persistence.cookie.sameSite',
      'concurrency.maxSessionsPerUser',
    ]);
    expect(driftOf(DEFAULT_SETTINGS, OTHER)[0]).toEqual({
      field: 'timeouts.idleMinutes',
      from: 30,
      to: 20,
    });
  });
});
