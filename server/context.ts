/**
 * What the route plugins share, handed to each as its plugin options by `buildApp`: the
 * database, the time and the open event streams. One of each per app, so two servers in one
 * process (as the tests run them) never share state.
 */

import type { Clock } from './clock';
import type { EventHub } from './event-hub';
import type { Store } from './store';

/** The app's state and time, as every route plugin receives it. */
export interface ServerContext {
  store: Store;
  clock: Clock;
  hub: EventHub;
}
