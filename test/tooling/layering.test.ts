import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering README.md's "Layout" describes is enforced by ESLint; these cases prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering rules', () => {
  it.each([
    [
      'src-main/core/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      'no electron import',
    ],
    [
      'src-main/core/probe.ts',
      "import { x } from '../../server/index';\nexport const a = x;\n",
      'never imports the reference server',
    ],
    [
      'src-shared/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
      'no Node import',
    ],
    [
      'src-shared/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      'no electron',
    ],
    [
      'src-main/shell/probe.ts',
      "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
      'Raw IPC only',
    ],
    [
      'src-preload/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
      'Raw IPC only',
    ],
    [
      'src-main/shell/probe.ts',
      "import { x } from '../../src-renderer/app';\nexport const a = x;\n",
      'Nothing outside the renderer',
    ],
    [
      'src-renderer/probe.ts',
      "import { x } from '../src-main/core/composition-root';\nexport const a = x;\n",
      'only through the preload API',
    ],
    [
      'server/probe.ts',
      "import { x } from '../src-main/core/composition-root';\nexport const a = x;\n",
      'server depends only on src-shared',
    ],
    [
      'src-renderer/probe.ts',
      "import { requestSchemas } from '../src-shared/ipc-contract';\nexport const a = requestSchemas;\n",
      'only types from the IPC contract',
    ],
    [
      'src-cli/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
      'qbsc is plain Node',
    ],
    [
      'src-cli/commands/probe.ts',
      "import { runShell } from '../../src-main/shell/lifecycle';\nexport const a = runShell;\n",
      'never the shell',
    ],
    [
      'src-cli/probe.ts',
      "import { x } from '../src-renderer/app';\nexport const a = x;\n",
      'Nothing outside the renderer',
    ],
    [
      'src-cli/probe.ts',
      "import { startReferenceServer } from '../server/index';\nexport const a = startReferenceServer;\n",
      'never imports the reference server',
    ],
  ])('%s: %s is refused', async (filePath, code, words) => {
    const messages = await restrictedImportMessages(filePath, code);
    expect(messages.join('\n')).toContain(words);
  });

  it.each([
    [
      'src-main/core/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
    ],
    ['src-main/shell/ipc-probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'src-renderer/probe.ts',
      "import { validateSettings } from '../src-shared/settings';\nexport const a = validateSettings;\n",
    ],
    [
      'src-renderer/probe.ts',
      "import type { RequestChannel } from '../src-shared/ipc-contract';\nexport type A = RequestChannel;\n",
    ],
    [
      'src-cli/probe.ts',
      "import { createCore } from '../src-main/core/composition-root';\nexport const a = createCore;\n",
    ],
  ])('%s: allowed imports pass', async (filePath, code) => {
    expect(await restrictedImportMessages(filePath, code)).toEqual([]);
  });
});
