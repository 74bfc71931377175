/**
 * What every command works with: the global options, the output, and the core opened on the
 * data folder when a command first needs it (so `--help` and usage errors touch nothing).
 * Calls go through core's handler table, with its validation and its error values; a failed
 * call becomes a CliFailure with that error kind's exit code.
 */

import type { Command } from 'commander';
import type { RequestChannel, RequestOf, ResponseOf } from '../src-shared/ipc-contract';
import { envProxyFor } from '../src-main/core/client/client-proxy';
import { createCore, type Core } from '../src-main/core/composition-root';
import { createConsoleLogger, type Logger } from '../src-main/core/support/logger';
import { appLockOn, defaultDataDir } from './data-dir';
import { EXIT } from './exit-codes';
import { CliFailure, fromAppError } from './failure';
import { fieldsOf } from './fields';
import { outputOptions, type GlobalOptions } from './global-options';
import { cliLocale, cliTranslator, type CliTranslator } from './locale';
import { createOutput, terminalText, type Output } from './output';
import { exchangeLine } from './request-log';

export type { GlobalOptions } from './global-options';

/** A command's run: its output, and the core it calls. */
export interface Context {
  readonly out: Output;
  /** The words of the language asked for (--lang, else LC_ALL, LC_MESSAGES, LANG). */
  readonly t: CliTranslator;
  readonly dataDir: string;
  /** Calls a channel's handler; its error value is thrown as a CliFailure. */
  call<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The core itself (for its events), opened on first use. */
  core(): Promise<Core>;
  /**
   * Refuses (exit 75) when the app runs on the same data folder: it keeps the server list and
   * the profiles in memory and writes them whole, so a change written beside it would be lost
   * at its next write (or would undo one of its own). Called before a local file is changed.
   */
  assertAppNotRunning(): Promise<void>;
  /** Signs out of the servers signed in to, and closes everything. */
  close(): Promise<void>;
}

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function stderrLogger(): Logger {
  const write = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
  return createConsoleLogger({ info: write, warn: write, error: write });
}

/** The context of a command, from the options of the program it belongs to. */
export function contextOf(command: Command, version: string): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  const out = createOutput(outputOptions(options, fieldsOf(command)));
  const t = cliTranslator(cliLocale(options.lang));
  const dataDir = options.dataDir ?? defaultDataDir();
  let opened: Promise<Core> | null = null;
  let closing: Promise<void> | null = null;
  const core = (): Promise<Core> => {
    opened ??= createCore({
      dataDir,
      logger: options.verbose ? stderrLogger() : SILENT,
      // Each request on stderr: method, URL, status and time, never a header or a body.
      ...(options.verbose
        ? {
            clientLimits: {
              onExchange: (exchange) => out.note(exchangeLine(exchange, out.errorStyle)),
            },
          }
        : {}),
      appVersion: `${version} (qbsc)`,
      // The proxy a terminal's tools follow (curl, git, npm): HTTPS_PROXY, HTTP_PROXY, NO_PROXY.
      proxyFor: envProxyFor(process.env),
      // `events --follow` must not move the app's place in the feeds (it would miss events).
      watchPlaceInMemory: true,
    }).catch((error: unknown) => {
      throw new CliFailure(
        {
          code: 'registry_error',
          message: `The data folder ${dataDir} cannot be used (${error instanceof Error ? error.message : String(error)}).`,
        },
        EXIT.dataFolder,
      );
    });
    return opened;
  };
  return {
    out,
    t,
    dataDir,
    core,
    async call(channel, payload) {
      const handlers = (await core()).handlers;
      const result = await handlers[channel](payload);
      if (result.ok) return result.value;
      // The server a call was about, to say what to run for it (see fromAppError).
      const about = payload as { serverId?: unknown; id?: unknown } | undefined;
      const id = about?.serverId ?? (channel.startsWith('servers:') ? about?.id : undefined);
      const listed = await handlers['servers:list'](undefined);
      const server = listed.ok ? listed.value.servers.find((entry) => entry.id === id) : undefined;
      throw fromAppError(result.error, server?.name ?? null);
    },
    async assertAppNotRunning() {
      const lock = await appLockOn(dataDir);
      if (!lock) return;
      const who = lock.pid ? ` (process ${lock.pid}${lock.host ? ` on ${lock.host}` : ''})` : '';
      throw new CliFailure(
        {
          code: 'app_running',
          message: `QuickBox Session Companion is running on ${dataDir}${who}; it would overwrite this change.`,
        },
        EXIT.appRunning,
        `Quit the app and run the command again. If it is not running, remove the stale ${lock.file}.`,
      );
    },
    close() {
      // Once, whether a signal or the end of the command asks first (src-cli/interrupt.ts).
      closing ??= (async () => {
        if (!opened) return;
        const running = await opened.catch(() => null);
        if (!running) return;
        await running.signOut();
        await running.dispose();
      })();
      return closing;
    },
  };
}
