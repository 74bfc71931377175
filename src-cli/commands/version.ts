/**
 * `qbsc version` and `qbsc --version`: the version, the Node that runs it and the data folder
 * it would use, the three things a bug report needs first.
 */

import { Command } from 'commander';
import { defaultDataDir } from '../data-dir';
import type { Runner } from '../program';

/** What `version` reports. */
export interface VersionInfo {
  version: string;
  node: string;
  dataDir: string;
}

/** The version lines. */
export function versionText(info: VersionInfo): string {
  return `qbsc ${info.version}\nnode ${info.node}\ndata folder ${info.dataDir}`;
}

/** The version of this run, with the data folder `dataDir` (else the default one). */
export function versionInfo(version: string, dataDir: string | undefined): VersionInfo {
  return { version, node: process.version, dataDir: dataDir ?? defaultDataDir() };
}

/** `qbsc version`. */
export function versionCommand(runner: Runner): Command {
  return new Command('version')
    .description('print the version, the Node version and the data folder')
    .action(
      runner.action(async (context) => {
        const info = versionInfo(runner.version, context.dataDir);
        context.out.result(info, () => versionText(info));
      }),
    );
}
