import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering README.md's "Layout" describes is an allow-list in eslint.config.mjs: each
// layer may import the folders and packages it lists, nothing else. These cases try every
// other layer from each layer (ESLint on a virtual file), and the packages a layer must not
// reach. The table below is written here again on purpose: a change of the config that
// widens a layer fails a case.
const eslint = new ESLint({ cwd: process.cwd() });

/** A file of each layer, to import from the probes. */
const TARGETS: Record<string, string> = {
  'src-shared': 'src-shared/settings',
  'src-main/core': 'src-main/core/composition-root',
  'src-main/shell': 'src-main/shell/lifecycle',
  'src-preload': 'src-preload/index',
  'src-renderer': 'src-renderer/app',
  'src-cli': 'src-cli/program',
  server: 'server/index',
  bench: 'bench/runner',
  scripts: 'scripts/start.mjs',
  test: 'test/main/core/fixtures',
};

/** What each layer may import, and where its probes are (core flat and in a folder). */
const LAYERS: Record<string, { probes: string[]; may: string[] }> = {
  'src-shared': { probes: ['src-shared/probe.ts'], may: ['src-shared'] },
  'src-main/core': {
    probes: ['src-main/core/probe.ts', 'src-main/core/fleet/probe.ts'],
    may: ['src-main/core', 'src-shared'],
  },
  'src-main/shell': {
    probes: ['src-main/shell/probe.ts'],
    may: ['src-main/shell', 'src-main/core', 'src-shared'],
  },
  'src-preload': { probes: ['src-preload/probe.ts'], may: ['src-preload', 'src-shared'] },
  'src-renderer': {
    probes: ['src-renderer/probe.ts', 'src-renderer/state/probe.ts'],
    may: ['src-renderer', 'src-shared'],
  },
  'src-cli': {
    probes: ['src-cli/probe.ts', 'src-cli/commands/probe.ts'],
    may: ['src-cli', 'src-main/core', 'src-shared'],
  },
  server: { probes: ['server/probe.ts'], may: ['server', 'src-shared'] },
  bench: {
    probes: ['bench/probe.ts'],
    may: ['bench', 'scripts', 'test', 'server', 'src-shared', 'src-main/core', 'src-main/shell'],
  },
  scripts: {
    probes: ['scripts/probe.ts', 'scripts/demo/probe.ts'],
    may: ['scripts', 'server', 'src-shared', 'src-main/core', 'src-main/shell'],
  },
};

/** Packages a layer must not import, and some it may. */
const PACKAGES: Record<string, { refused: string[]; allowed: string[] }> = {
  'src-shared': {
    refused: ['node:fs', 'fs', 'electron', 'react', 'undici'],
    allowed: ['zod'],
  },
  'src-main/core': {
    refused: ['electron', 'electron/main', 'react', 'fastify', 'commander', 'zustand'],
    allowed: ['node:fs', 'undici', 'keytar', 'zod'],
  },
  'src-main/shell': {
    refused: ['react', 'fastify', 'commander', 'better-sqlite3'],
    allowed: ['electron', 'node:path'],
  },
  'src-preload': { refused: ['node:fs', 'react', 'undici'], allowed: ['electron'] },
  'src-renderer': {
    refused: ['electron', 'node:path', 'path', 'undici', 'fastify', 'keytar'],
    allowed: ['react', 'react-dom/client', 'zustand'],
  },
  'src-cli': {
    refused: ['electron', 'react', 'fastify', 'better-sqlite3'],
    allowed: ['commander', 'node:fs', 'prom-client', 'yaml'],
  },
  server: {
    refused: ['electron', 'react', 'undici', 'keytar', 'commander'],
    allowed: ['fastify', '@fastify/cookie', 'node:https'],
  },
};

async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'layering/allowed-imports')
    .map((message) => message.message);
}

function specifier(probe: string, target: string): string {
  const relative = path.posix.relative(path.posix.dirname(probe), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

const importOf = (from: string) => `import { x } from '${from}';\nexport const a = x;\n`;

const folderCases = Object.entries(LAYERS).flatMap(([layer, { probes, may }]) =>
  probes.flatMap((probe) =>
    Object.entries(TARGETS).map(([target, file]) => ({
      layer,
      probe,
      target,
      from: specifier(probe, file),
      allowed: may.includes(target),
    })),
  ),
);

describe('layering: each layer imports only the folders it lists', () => {
  it.each(folderCases.filter((c) => !c.allowed && c.target !== 'src-preload'))(
    '$probe importing $target is refused',
    async ({ layer, probe, target, from }) => {
      const messages = await layeringMessages(probe, importOf(from));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`${layer} may not import ${target} (${from})`);
    },
  );

  it.each(folderCases.filter((c) => c.allowed))(
    '$probe importing $target passes',
    async ({ probe, from }) => {
      expect(await layeringMessages(probe, importOf(from))).toEqual([]);
    },
  );

  it.each(folderCases.filter((c) => !c.allowed && c.target === 'src-preload'))(
    '$probe importing the preload is refused',
    async ({ layer, probe, from }) => {
      const messages = await layeringMessages(probe, importOf(from));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(new RegExp(`^${layer} may (not import|import only types)`));
    },
  );

  it('the renderer imports only types from the preload API, at any depth', async () => {
    for (const probe of ['src-renderer/main.tsx', 'src-renderer/state/store.ts']) {
      const from = specifier(probe, 'src-preload/api');
      const typeImport = `import type { QuickBoxApi } from '${from}';\nexport type A = QuickBoxApi;\n`;
      expect(await layeringMessages(probe, typeImport)).toEqual([]);
      expect((await layeringMessages(probe, importOf(from))).join()).toContain(
        'src-renderer may import only types from src-preload',
      );
    }
  });

  it('refuses re-exports, dynamic imports and require() as it refuses imports', async () => {
    const probe = 'src-main/core/fleet/probe.ts';
    const shell = specifier(probe, 'src-main/shell/lifecycle');
    for (const code of [
      `export { x } from '${shell}';\n`,
      `export * from '${shell}';\n`,
      `export const a = () => import('${shell}');\n`,
      `export const a = () => import('electron');\n`,
    ]) {
      expect(await layeringMessages(probe, code), code).toHaveLength(1);
    }
  });

  it('refuses a path that leaves the repository, and checks no file outside a layer', async () => {
    const outside = "import { x } from '../../../elsewhere/x';\nexport const a = x;\n";
    expect((await layeringMessages('src-main/core/probe.ts', outside)).join()).toContain(
      'src-main/core may not import',
    );
    const test = importOf('../../src-renderer/app');
    expect(await layeringMessages('test/renderer/probe.ts', test)).toEqual([]);
  });
});

const packageCases = Object.entries(PACKAGES).flatMap(([layer, { refused, allowed }]) => [
  ...refused.map((name) => ({ layer, name, ok: false })),
  ...allowed.map((name) => ({ layer, name, ok: true })),
]);

describe('layering: each layer imports only the packages it lists', () => {
  it.each(packageCases.filter((c) => !c.ok))(
    '$layer importing $name is refused',
    async ({ layer, name }) => {
      const messages = await layeringMessages(LAYERS[layer]!.probes[0]!, importOf(name));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(
        `${layer} may not import the package '${name.replace(/\/.*/, '')}'`,
      );
    },
  );

  it.each(packageCases.filter((c) => c.ok))(
    '$layer importing $name passes',
    async ({ layer, name }) => {
      expect(await layeringMessages(LAYERS[layer]!.probes[0]!, importOf(name))).toEqual([]);
    },
  );
});

describe('layering: the rules finer than a layer', () => {
  async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === 'no-restricted-imports')
      .map((message) => message.message);
  }

  it.each([
    ['src-main/shell/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    [
      'src-preload/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    ],
  ])('%s: raw IPC outside its wrapper is refused', async (filePath, code) => {
    expect((await restrictedImportMessages(filePath, code)).join()).toContain('Raw IPC only');
  });

  it('the renderer imports only types from the IPC contract (zod stays out of its bundle)', async () => {
    const value =
      "import { requestSchemas } from '../src-shared/ipc-contract';\nexport const a = requestSchemas;\n";
    const type =
      "import type { RequestChannel } from '../src-shared/ipc-contract';\nexport type A = RequestChannel;\n";
    expect((await restrictedImportMessages('src-renderer/probe.ts', value)).join()).toContain(
      'only types from the IPC contract',
    );
    expect(await restrictedImportMessages('src-renderer/probe.ts', type)).toEqual([]);
  });

  it('raw IPC is allowed in its one wrapper', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n";
    expect(await restrictedImportMessages('src-main/shell/ipc.ts', code)).toEqual([]);
    expect(await layeringMessages('src-main/shell/ipc.ts', code)).toEqual([]);
  });
});
