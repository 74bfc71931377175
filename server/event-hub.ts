/**
 * Fan-out of recorded events to the open Server-Sent Events streams: each stream reads the
 * event log a page at a time and writes only as fast as its reader takes it, so it gets every
 * event once, in id order, and ends with the session that opened it. The events plugin opens
 * the streams and runs the heartbeat.
 */

import type { ServerResponse } from 'node:http';
import type { QuickBoxEvent } from '../src-shared/quickbox';

/** Events read from the store at a time, for a replay and for live delivery alike. */
export const EVENT_PAGE_SIZE = 500;

/** One open Server-Sent Events stream. */
export interface EventStream {
  response: ServerResponse;
  /** The id of the last event written to it: later events only, so no duplicate. */
  lastSentId: number;
  /** The session that opened it (null for an API key): the stream ends with it. */
  sessionSeq: number | null;
  /** The SHA-256 of that session's token, to check on heartbeats whether it expired. */
  tokenHash: string | null;
}

/** Where the hub reads events from (the store). */
export interface EventLog {
  /** Up to `limit` events with an id above `afterId`, oldest first. */
  eventsAfter(afterId: number, limit: number): QuickBoxEvent[];
  /** The id of the newest event, or 0. */
  lastEventId(): number;
}

/** How the hub paces its streams. */
export interface EventHubOptions {
  log: EventLog;
  /** How long a stream may wait for its reader to take what was written before it is closed. */
  stallMs: number;
}

/** What the hub tracks of a stream besides what the app gave it. */
interface StreamState {
  stream: EventStream;
  /** Waiting for `drain`: the reader has not taken what was written. */
  waiting: boolean;
  /** A next page is due on the next turn of the event loop. */
  scheduled: boolean;
  /** The page being written (at most one page is held per stream), and its next event. */
  page: QuickBoxEvent[];
  next: number;
  /** That page was full: more events may follow it in the log. */
  fullPage: boolean;
  /** Set when its session ended: the stream ends once it has sent this event. */
  endAfterId: number | null;
  stallTimer: NodeJS.Timeout | null;
}

/** Formats one event as an SSE message: `id:`, `event:` (its type), `data:` (the JSON). */
export function formatSseEvent(event: QuickBoxEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Fans events out to the open SSE streams, and ends streams whose session ended.
 *
 * Every stream reads the event log itself, a page at a time from its own last sent id, and
 * writes only while its socket takes the data (`write()` true, else wait for `drain`). So a
 * replay and the live events after it are one sequence with no gap and no duplicate, and a
 * reader that does not read costs one socket buffer, not the whole log in memory. A stream
 * that waits for its reader longer than `stallMs` is closed; its client resumes with
 * `Last-Event-ID` when it comes back.
 */
export class EventHub {
  private readonly states = new Map<EventStream, StreamState>();

  constructor(private readonly options: EventHubOptions) {}

  /** Registers a stream and writes what it has missed, as far as its reader takes it. */
  add(stream: EventStream): void {
    const state: StreamState = {
      stream,
      waiting: false,
      scheduled: false,
      page: [],
      next: 0,
      fullPage: false,
      endAfterId: null,
      stallTimer: null,
    };
    this.states.set(stream, state);
    stream.response.on('close', () => this.forget(state));
    this.pump(state);
  }

  /** New events were recorded: sends them to every stream that is not behind. */
  deliver(): void {
    for (const state of this.states.values()) this.pump(state);
  }

  /** Ends the streams matching `predicate`, each after the newest event (the ending one). */
  end(predicate: (stream: EventStream) => boolean): void {
    for (const state of [...this.states.values()]) {
      if (state.endAfterId === null && predicate(state.stream)) {
        state.endAfterId = this.options.log.lastEventId();
        this.pump(state);
      }
    }
  }

  /** Ends the streams opened with the given sessions (after they got the ending event). */
  endSessionStreams(sessionSeqs: readonly number[]): void {
    const ended = new Set(sessionSeqs);
    this.end((stream) => stream.sessionSeq !== null && ended.has(stream.sessionSeq));
  }

  /** Writes an SSE comment to every stream not behind, keeping proxies from timing out. */
  heartbeat(): void {
    for (const state of this.states.values()) {
      if (this.idle(state) && !state.stream.response.write(': keep-alive\n\n')) {
        this.waitForReader(state);
      }
    }
  }

  /** Every open stream (for expiry checks). */
  all(): EventStream[] {
    return [...this.states.keys()];
  }

  /** Ends every stream at once (server shutdown). */
  closeAll(): void {
    for (const state of [...this.states.values()]) {
      this.forget(state);
      state.stream.response.end();
    }
  }

  private idle(state: StreamState): boolean {
    return !state.waiting && !state.scheduled && this.states.has(state.stream);
  }

  /** Writes one page of what the stream has not sent; schedules the next or waits for the reader. */
  private pump(state: StreamState): void {
    if (!this.idle(state)) return;
    const { stream, endAfterId } = state;
    if (state.next >= state.page.length) {
      state.page = this.options.log.eventsAfter(stream.lastSentId, EVENT_PAGE_SIZE);
      state.next = 0;
      state.fullPage = state.page.length === EVENT_PAGE_SIZE;
    }
    for (; state.next < state.page.length; state.next += 1) {
      const event = state.page[state.next] as QuickBoxEvent;
      if (endAfterId !== null && event.id > endAfterId) break;
      stream.lastSentId = event.id;
      if (!stream.response.write(formatSseEvent(event))) {
        state.next += 1;
        this.waitForReader(state);
        return;
      }
    }
    const more = state.fullPage;
    state.page = [];
    state.next = 0;
    if (endAfterId !== null && (stream.lastSentId >= endAfterId || !more)) {
      this.forget(state);
      stream.response.end();
    } else if (more) {
      // One page per turn of the event loop, so many replays do not starve other requests.
      state.scheduled = true;
      setImmediate(() => {
        state.scheduled = false;
        this.pump(state);
      });
    }
  }

  private waitForReader(state: StreamState): void {
    state.waiting = true;
    state.stallTimer = setTimeout(() => {
      this.forget(state);
      state.stream.response.destroy();
    }, this.options.stallMs);
    state.stallTimer.unref();
    state.stream.response.once('drain', () => {
      if (state.stallTimer) clearTimeout(state.stallTimer);
      state.waiting = false;
      this.pump(state);
    });
  }

  private forget(state: StreamState): void {
    if (state.stallTimer) clearTimeout(state.stallTimer);
    this.states.delete(state.stream);
  }
}
