/**
 * The order a page of the event feed must keep (client-feed.ts): ids above `after`,
 * increasing, and `lastId` the last of them. Each way of breaking it is a protocol error
 * that says which.
 */

import { describe, expect, it } from 'vitest';
import { checkFeedOrder } from '../../../../src-main/core/client/client-feed';
import { CoreError } from '../../../../src-main/core/support/core-error';

function problem(after: number, ids: number[], lastId: number): string | null {
  try {
    checkFeedOrder(after, ids, lastId);
    return null;
  } catch (error) {
    if (!(error instanceof CoreError) || error.appError.code !== 'protocol_error') throw error;
    return error.appError.message;
  }
}

describe('checkFeedOrder', () => {
  it('accepts what the contract sends: newer ids in order, or an empty page', () => {
    expect(problem(10, [11, 15, 90], 90)).toBeNull();
    expect(problem(10, [], 10)).toBeNull();
  });

  it('names an id at or below after: the feed does not move forward', () => {
    expect(problem(10, [3, 4], 4)).toMatch(
      /asked for the events after id 10, its event feed sent id 3: the feed does not move forward/,
    );
    expect(problem(10, [10], 10)).toMatch(/sent id 10: the feed does not move forward/);
  });

  it('names ids out of order, a lastId that is not the last id, and an id beyond counting', () => {
    expect(problem(0, [5, 5], 5)).toMatch(/sent id 5 after id 5: ids must increase/);
    expect(problem(0, [5, 4], 4)).toMatch(/sent id 4 after id 5/);
    expect(problem(0, [5, 6], 9)).toMatch(
      /said its last id was 9, but the last event it sent was 6/,
    );
    expect(problem(0, [2 ** 60], 2 ** 60)).toMatch(/beyond the ids this app can count/);
  });
});
