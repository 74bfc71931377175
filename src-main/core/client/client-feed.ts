/**
 * The order the contract promises for a page of the event feed: every id above the `after`
 * asked for, strictly increasing, and `lastId` the id of the last one. A feed that breaks it
 * (one that ignores `?after=` and answers the same events again, say) would keep every
 * paging loop of the app where it is, so such a page is a protocol error, said plainly.
 */

import { protocolError } from './client-errors';

/** Throws a protocol_error when a feed page's ids do not move past `after` in order. */
export function checkFeedOrder(after: number, ids: readonly number[], lastId: number): void {
  let previous = after;
  for (const id of ids) {
    if (id <= after) {
      throw protocolError(
        `asked for the events after id ${after}, its event feed sent id ${id}: the feed does not move forward (does the server ignore "after"?)`,
      );
    }
    if (id <= previous) {
      throw protocolError(`its event feed sent id ${id} after id ${previous}: ids must increase`);
    }
    if (!Number.isSafeInteger(id)) {
      throw protocolError(`its event feed sent id ${id}, beyond the ids this app can count`);
    }
    previous = id;
  }
  if (ids.length > 0 && lastId !== previous) {
    throw protocolError(
      `its event feed said its last id was ${lastId}, but the last event it sent was ${previous}`,
    );
  }
}
