/**
 * `qbsc watch [--config watch.yaml] [--shard i/N]`: the always-on watcher. It handles its own
 * signals (a stop is its normal end, exit 0), not the one-shot commands' interrupt handling.
 */

import { Command, Option } from 'commander';
import type { GlobalOptions } from '../context';
import { defaultDataDir } from '../data-dir';
import { EXIT } from '../exit-codes';
import type { Runner } from '../program';
import { ConfigError } from './config';
import { jsonLineLogger } from './log';
import { parseShard } from './servers';
import { startWatch } from './service';

interface WatchCommandOptions extends GlobalOptions {
  config?: string;
  shard?: string;
}

/** The `watch` command. */
export function watchCommand(runner: Runner): Command {
  return new Command('watch')
    .description(
      'follow every server’s event feed until stopped: Prometheus metrics, Alertmanager alerts, webhooks (see docs/watch.md)',
    )
    .addOption(new Option('--config <file>', 'the watch config (YAML)').env('QBSC_WATCH_CONFIG'))
    .option('--shard <i/N>', 'follow only the servers whose id hashes to shard i of N')
    .action(async (_options: unknown, command: Command) => {
      runner.exitCode = await runWatchCommand(
        command.optsWithGlobals<WatchCommandOptions>(),
        runner.version,
      );
    });
}

async function runWatchCommand(options: WatchCommandOptions, version: string) {
  const logger = jsonLineLogger();
  let running;
  try {
    running = await startWatch({
      dataDir: options.dataDir ?? defaultDataDir(),
      ...(options.config ? { configFile: options.config } : {}),
      shard: options.shard ? parseShard(options.shard) : null,
      version,
      env: process.env,
      logger,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error('watch: cannot start', { error: message });
    process.stderr.write(`qbsc: ${message}\n`);
    return error instanceof ConfigError ? EXIT.invalid : EXIT.internal;
  }
  // One listener for the whole run, never removed: the first signal stops, a second one while
  // stopping ends the process at once. With `once` there was an instant with no listener of
  // ours, and a file write in flight (write-file-atomic's signal-exit, which sends the signal
  // again when its handlers are the only ones left) then killed the process mid-stop.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    let received: NodeJS.Signals | null = null;
    const onSignal = (name: NodeJS.Signals): void => {
      if (received) process.exit(EXIT.terminated);
      received = name;
      resolve(name);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  logger.info('watch: stopping', { signal });
  // Thousands of streams end now, and undici and Node's sockets make and format an Error for
  // each (seconds of a stop's CPU at 5,000 feeds). The process ends after the stop and its log
  // never carries a stack: errors made from here on keep none.
  Error.stackTraceLimit = 0;
  const clean = await running.stop();
  const code = clean ? EXIT.ok : EXIT.internal;
  // Ended now, not once idle keep-alive sockets (the Alertmanagers', the webhooks') time out.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
