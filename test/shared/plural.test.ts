import { describe, expect, it } from 'vitest';
import { agree, plural } from '../../src-shared/plural';

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

describe('plural with an irregular plural, and agree', () => {
  it('takes the plural given for a noun that does not just add an s', () => {
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });

  it.each([
    [0, 'are'],
    [1, 'is'],
    [2, 'are'],
    [-1, 'are'],
  ])('agree(%i) -> %s', (count, word) => {
    expect(agree(count, 'is', 'are')).toBe(word);
  });
});
