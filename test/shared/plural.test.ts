import { describe, expect, it } from 'vitest';
import { plural } from '../../src-shared/plural';

describe('plural', () => {
  it.each([
    [0, '0 sessions'],
    [1, '1 session'],
    [2, '2 sessions'],
    [1200, '1,200 sessions'],
  ])('%i -> %s', (count, text) => {
    expect(plural(count, 'session')).toBe(text);
  });

  it('adds the s to the last word of a phrase', () => {
    expect(plural(3, 'mass logout')).toBe('3 mass logouts');
  });
});
