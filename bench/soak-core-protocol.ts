/**
 * What bench/soak-core-child.ts (the core of the soak, in a process of its own) and its
 * parent (bench/soak-core-process.ts) say to each other, kept apart from the child so that
 * importing it starts nothing.
 */

import type { EventChannel, RequestChannel } from '../src-shared/ipc-contract';

/** The core's memory after a garbage collection, and the heap snapshot written if asked. */
export interface CoreMemory {
  rssMb: number;
  heapMb: number;
  /** Memory outside the JS heap that V8 knows of (buffers, array buffers). */
  externalMb: number;
  /** The .heapsnapshot file written (when a snapshot was asked for), else null. */
  snapshot: string | null;
}

/** What the parent asks of the core's process. */
export type CoreRequest =
  | { type: 'invoke'; id: number; channel: RequestChannel; payload: unknown }
  | { type: 'start-watching'; id: number }
  | { type: 'memory'; id: number; snapshot: string | null }
  | { type: 'dispose'; id: number };

/** What the core's process says: an answer to request `id`, an event, or that it failed. */
export type CoreMessage =
  | { type: 'ready' }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'event'; channel: EventChannel; payload: unknown }
  | { type: 'failed'; message: string };

/** What the core left open after its dispose (by kind, against before it was created). */
export type LeftOpen = [kind: string, count: number][];
