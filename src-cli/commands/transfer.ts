/**
 * `qbsc export [file]` and `qbsc import <file>`: the fleet file of the app (servers without
 * any secret, profiles, assignments), through `fleet:export`, `fleet:import-preview` and
 * `fleet:import-apply`. Import shows what it would add and replace, asks unless `--yes`, and
 * refuses a malformed, oversized or future-version file with nothing changed (core's rules).
 */

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { FleetImportPreview } from '../../src-shared/fleet';
import { plural } from '../../src-shared/plural';
import { FLEET_FILE_MAX_BYTES } from '../../src-shared/fleet-contract';
import { escapeUnsafeJson } from '../../src-shared/unsafe-text';
import type { Context } from '../context';
import { EXIT } from '../exit-codes';
import { CliFailure } from '../failure';
import { withYes, type Runner } from '../program';
import { confirm } from '../prompt';
import { withDryRun } from './safety';
import { warnLookAlikes } from './servers';

async function exportFleet(
  context: Context,
  file: string | undefined,
  options: { force?: boolean; dryRun?: boolean },
): Promise<void> {
  const value = await context.call('fleet:export', undefined);
  if (options.dryRun) return exportDryRun(context, file, value, options.force === true);
  if (file === undefined || file === '-') {
    const json = escapeUnsafeJson(value.json);
    process.stdout.write(json.endsWith('\n') ? json : `${json}\n`);
    return;
  }
  try {
    await writeFile(file, value.json, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new CliFailure(
      {
        code: 'registry_error',
        message: exists
          ? `${file} exists; add --force to replace it.`
          : `${file} could not be written (${(error as Error).message}).`,
      },
      exists ? EXIT.usage : EXIT.dataFolder,
    );
  }
  const { json: _json, ...counts } = value;
  context.out.result(
    { file, ...counts },
    () =>
      `Exported ${value.servers} servers, ${value.profiles} profiles and ${value.assignments} assignments to ${file} (no secret is in it).`,
  );
}

/** `export --dry-run`: what would be written where (a file that exists needs --force). */
function exportDryRun(
  context: Context,
  file: string | undefined,
  value: { servers: number; profiles: number; assignments: number },
  force: boolean,
): void {
  const target = file === undefined || file === '-' ? null : file;
  if (target !== null && !force && existsSync(target)) {
    throw new CliFailure(
      { code: 'registry_error', message: `${target} exists; add --force to replace it.` },
      EXIT.usage,
    );
  }
  const { servers, profiles, assignments } = value;
  context.out.result(
    { file: target, servers, profiles, assignments, written: false, dryRun: true },
    () =>
      `Would export ${plural(servers, 'server')}, ${plural(profiles, 'profile')} and ${plural(assignments, 'assignment')} to ${target ?? 'stdout'} (no secret is in it).\nDry run: nothing was written.`,
  );
}

async function readFleetFile(file: string): Promise<string> {
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).length;
        // Core refuses an oversized file too; this only stops reading an endless pipe.
        if (size > 2 * FLEET_FILE_MAX_BYTES) break;
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(
      {
        code: 'not_found',
        what: 'server',
        message: `${file} could not be read (${(error as Error).message}).`,
      },
      EXIT.notFound,
    );
  }
}

function previewText(preview: FleetImportPreview): string {
  const lines: string[] = [];
  const list = (title: string, items: string[]): void => {
    if (items.length > 0) lines.push(`${title}:`, ...items.map((item) => `  ${item}`));
  };
  list(
    'Servers to add',
    preview.servers.add.map(
      (server) =>
        `${server.name} ${server.baseUrl}${server.environment ? ` (${server.environment})` : ''}`,
    ),
  );
  list(
    'Servers already listed (kept)',
    preview.servers.existing.map((server) => `${server.name} ${server.baseUrl}`),
  );
  list(
    'Servers refused',
    preview.servers.refused.map((server) => `${server.name}: ${server.reason}`),
  );
  list(
    'Profiles to add',
    preview.profiles.add.map((profile) => profile.name),
  );
  list(
    'Profiles to replace',
    preview.profiles.replace.map(
      (profile) => `${profile.name} (${profile.changes.length} fields change)`,
    ),
  );
  list(
    'Profiles refused',
    preview.profiles.refused.map((profile) => `${profile.name}: ${profile.reason}`),
  );
  list(
    'Assignments',
    preview.assignments.set.map(
      (entry) =>
        `${entry.server} -> ${entry.profile}${entry.previous ? ` (was ${entry.previous})` : ''}`,
    ),
  );
  list(
    'Assignments refused',
    preview.assignments.refused.map(
      (entry) => `${entry.server} -> ${entry.profile}: ${entry.reason}`,
    ),
  );
  return lines.length === 0 ? 'The file changes nothing.' : lines.join('\n');
}

function changesAnything(preview: FleetImportPreview): boolean {
  return (
    preview.servers.add.length +
      preview.profiles.add.length +
      preview.profiles.replace.length +
      preview.assignments.set.length >
    0
  );
}

async function importFleet(
  context: Context,
  file: string,
  options: { yes?: boolean; dryRun?: boolean },
): Promise<void> {
  if (!options.dryRun) await context.assertAppNotRunning();
  const json = await readFleetFile(file);
  const preview = await context.call('fleet:import-preview', { json });
  warnLookAlikes(
    context,
    preview.servers.add.map((server) => server.baseUrl),
  );
  if (!changesAnything(preview)) {
    context.out.result({ preview, imported: false }, () => previewText(preview));
    return;
  }
  if (options.dryRun) {
    context.out.result({ preview, imported: false, dryRun: true }, () =>
      [previewText(preview), 'Dry run: nothing was imported.'].join('\n'),
    );
    return;
  }
  if (!context.out.json) context.out.result(null, () => previewText(preview));
  if (!options.yes) {
    if (file === '-') {
      throw new CliFailure(
        {
          code: 'refused',
          message: 'The file came on stdin, so there is no answer to read: add --yes.',
        },
        EXIT.refused,
      );
    }
    await confirm('Import this?', 'Nothing was imported.');
  }
  const value = await context.call('fleet:import-apply', { json });
  context.out.result({ ...value, imported: true }, () =>
    [
      `Imported ${value.added.length} servers and ${value.savedProfiles.length} profiles.`,
      ...(value.added.length > 0
        ? [
            'The new servers have no credentials yet: give them some with qbsc servers set-credentials <server> (or in the app).',
          ]
        : []),
    ].join('\n'),
  );
}

/** `qbsc export`. */
export function exportCommand(runner: Runner): Command {
  return withDryRun(
    new Command('export')
      .description('write servers (no secret), profiles and assignments as one JSON file')
      .argument('[file]', 'where to write it (default stdout)')
      .option('--force', 'replace the file if it exists'),
  ).action(runner.action(exportFleet));
}

/** `qbsc import`. */
export function importCommand(runner: Runner): Command {
  return withDryRun(
    withYes(
      new Command('import')
        .description(
          'import a file written by export (preview first; credentials are asked for later)',
        )
        .argument('<file>', 'the file, or - for stdin (needs --yes)'),
    ),
  ).action(runner.action(importFleet));
}
