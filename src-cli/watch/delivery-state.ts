/**
 * What the webhooks have attempted and what waits, kept in a small file of the state folder
 * (`webhook-deliveries.json`), so that a delivery is attempted once per message even across
 * restarts, and what waited at a stop is sent after the start. Written whole and atomically,
 * one write at a time, the newest 10,000 attempts kept.
 */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Notice } from './notice';

export const DELIVERY_FILE = 'webhook-deliveries.json';
const KEEP = 10_000;

interface StateFile {
  format: 1;
  attempted: [string, number][];
  pending: { webhook: string; notice: Notice }[];
}

/** The ledger of attempted deliveries, and the deliveries waiting. */
export class DeliveryState {
  private readonly attempted = new Map<string, number>();
  private pending: { webhook: string; notice: Notice }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(private readonly file: string) {}

  /** Opens the state of a folder (an unreadable file starts empty). */
  static async open(
    folder: string,
  ): Promise<{ state: DeliveryState; pending: StateFile['pending'] }> {
    const state = new DeliveryState(path.join(folder, DELIVERY_FILE));
    let pending: StateFile['pending'] = [];
    try {
      const file = JSON.parse(await readFile(state.file, 'utf8')) as StateFile;
      if (file.format === 1) {
        for (const [key, at] of file.attempted) state.attempted.set(key, at);
        pending = file.pending;
      }
    } catch {
      // No file yet (or an unreadable one): nothing attempted.
    }
    return { state, pending };
  }

  has(key: string): boolean {
    return this.attempted.has(key);
  }

  /** Records an attempt; resolves once it is on disk. */
  attempt(key: string): Promise<void> {
    this.attempted.set(key, Date.now());
    while (this.attempted.size > KEEP) {
      const oldest = this.attempted.keys().next().value;
      if (oldest === undefined) break;
      this.attempted.delete(oldest);
    }
    return this.save();
  }

  /** The deliveries waiting, kept for a restart. */
  setPending(pending: { webhook: string; notice: Notice }[]): void {
    this.pending = pending;
    void this.save();
  }

  /** Saves (the writes in a row; a write asked for meanwhile covers every change before it). */
  save(): Promise<void> {
    if (this.dirty) return this.writing;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      const file: StateFile = { format: 1, attempted: [...this.attempted], pending: this.pending };
      await writeFileAtomic(this.file, JSON.stringify(file), { mode: 0o600 }).catch(
        () => undefined,
      );
    });
    return this.writing;
  }
}
