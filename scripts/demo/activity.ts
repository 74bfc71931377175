/**
 * The demo's simulated activity: one action every `paceMs` or so (jittered), on a server
 * drawn at random: sign-ins (with evictions at the per-user limit), sessions used, left idle
 * or signed out, now and then the other admin's settings change or revocation. A few things
 * come on a schedule so that a first-time user sees them within a minute of the app watching:
 * a change that takes a server away from its profile (a drift) after a few actions, and the
 * other admin's invalidate-all after about 40 s and then every `invalidateEveryMs`, going
 * round the servers.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionSettings } from '../../src-shared/settings';
import type { Random } from './random';
import { ServerActor } from './server-actor';
import type { DemoServer } from './servers';

/** How the activity runs. */
export interface ActivityOptions {
  servers: readonly DemoServer[];
  random: Random;
  /** The profile the servers that follow it were assigned (drift is a change away from it). */
  profile: SessionSettings;
  /** About how long between two actions. */
  paceMs: number;
  /** About how long between two invalidate-alls. */
  invalidateEveryMs: number;
  /** Where each action is told (one line each); nothing when quiet. */
  log: (line: string) => void;
  /**
   * When the scheduled drift and invalidate-all start counting (the app is watching: events
   * from before its first watch are history it skips). Default: at once.
   */
  scheduleFrom?: Promise<unknown>;
}

const FIRST_DRIFT_MS = 15_000;
const FIRST_INVALIDATE_MS = 40_000;

type Action = (actor: ServerActor) => Promise<string | null>;

/** Actions drawn at random, with their weights. */
const ACTIONS: [number, Action][] = [
  [40, (actor) => actor.signIn()],
  [25, (actor) => actor.useSession()],
  [12, (actor) => actor.signOut()],
  [10, (actor) => actor.changeSetting()],
  [5, (actor) => actor.revokeOne()],
];

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** The running activity. */
export class DemoActivity {
  private readonly actors: ServerActor[];
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private actions = 0;

  constructor(private readonly options: ActivityOptions) {
    this.actors = options.servers.map(
      (server) =>
        new ServerActor(
          server,
          options.random.fork(),
          server.spec.followsProfile ? options.profile : null,
        ),
    );
  }

  /** How many actions have run so far. */
  get count(): number {
    return this.actions;
  }

  /** Starts the loop (once). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops after the action under way, and closes every connection. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
    await Promise.all(this.actors.map((actor) => actor.close()));
  }

  private async loop(): Promise<void> {
    const { random, paceMs, invalidateEveryMs } = this.options;
    let nextDrift = Number.POSITIVE_INFINITY;
    let nextInvalidate = Number.POSITIVE_INFINITY;
    void (this.options.scheduleFrom ?? Promise.resolve()).then(() => {
      const from = Date.now();
      nextDrift = from + Math.min(FIRST_DRIFT_MS, paceMs * 4);
      nextInvalidate = from + Math.min(FIRST_INVALIDATE_MS, invalidateEveryMs);
    });
    let round = 0;
    while (!this.stopper.signal.aborted) {
      const now = Date.now();
      if (now >= nextInvalidate) {
        const actor = this.actors[round % this.actors.length];
        round += 1;
        nextInvalidate = now + invalidateEveryMs;
        if (actor) await this.run(actor, (target) => target.invalidateAll());
      } else if (now >= nextDrift) {
        // Each drift goes to a server that follows the profile; one every few minutes.
        nextDrift = now + Math.max(invalidateEveryMs * 1.5, paceMs * 20);
        const followers = this.actors.filter((_actor, index) => {
          return this.options.servers[index]?.spec.followsProfile;
        });
        if (followers.length > 0)
          await this.run(random.pick(followers), (target) => target.changeSetting(true));
      } else {
        await this.run(random.pick(this.actors), this.drawAction());
      }
      for (const actor of this.actors) this.say(actor, actor.comeBack());
      try {
        await sleep(paceMs * (0.5 + random.next()), undefined, { signal: this.stopper.signal });
      } catch {
        return;
      }
    }
  }

  private drawAction(): Action {
    const total = ACTIONS.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.options.random.next() * total;
    for (const [weight, action] of ACTIONS) {
      roll -= weight;
      if (roll < 0) return action;
    }
    return ACTIONS[0]?.[1] ?? ((actor) => actor.signIn());
  }

  private async run(actor: ServerActor, action: Action): Promise<void> {
    this.actions += 1;
    try {
      this.say(actor, await action(actor));
    } catch (error) {
      // A server that stopped or a request that timed out: the next action tries again.
      if (!this.stopper.signal.aborted) {
        this.say(
          actor,
          `request failed (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  }

  private say(actor: ServerActor, line: string | null): void {
    if (line) this.options.log(`${clock()}  ${actor.name}: ${line}`);
  }
}
