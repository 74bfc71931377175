import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Arch } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';
import { afterPack } from '../../scripts/after-pack';
import { fuseMismatches, startAndQuit, unpackedApp } from '../../scripts/check-packaged';
import { STARTED_MESSAGE } from '../../src-main/shell/started-message';

// CI's check of the packaged app (scripts/check-packaged.ts): where it finds the unpacked app,
// the fuses read back from a binary, and the start-and-quit, here with Node scripts as the
// "app" (no Electron binary can be had here). Where `npm run dist` has left an unpacked app
// in dist/, its fuses are read back too.
const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'qb-check-packaged-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A file laid out as Electron's fuse wire (8 fuses, all unset). */
function standIn(path: string): void {
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
      Buffer.from([1, 8]),
      Buffer.alloc(8, 0x90),
    ]),
  );
}

describe('the unpacked app in dist/', () => {
  it('is found where electron-builder puts it on each system, or is null', () => {
    const dist = join(work, 'dist');
    expect(unpackedApp(dist, 'linux')).toBeNull();
    mkdirSync(join(dist, 'linux-unpacked'), { recursive: true });
    writeFileSync(join(dist, 'linux-unpacked', packageJson.name), '');
    const linux = join(dist, 'linux-unpacked', packageJson.name);
    expect(unpackedApp(dist, 'linux')).toEqual({ fuseTarget: linux, executable: linux });
    const bundle = join(dist, 'mac-arm64', `${packageJson.productName}.app`);
    mkdirSync(bundle, { recursive: true });
    expect(unpackedApp(dist, 'darwin', 'arm64')).toEqual({
      fuseTarget: bundle,
      executable: join(bundle, 'Contents/MacOS', packageJson.productName),
    });
    expect(unpackedApp(dist, 'darwin', 'x64')).toBeNull();
    expect(unpackedApp(dist, 'win32')).toBeNull();
  });
});

describe('the fuses read back', () => {
  it('differ in every fuse before the hook, and in none after it', async () => {
    const appOutDir = join(work, 'fuses');
    mkdirSync(appOutDir);
    const binary = join(appOutDir, packageJson.name);
    standIn(binary);
    expect(await fuseMismatches(binary)).toHaveLength(8);
    await afterPack({
      electronPlatformName: 'linux',
      appOutDir,
      arch: Arch.x64,
      packager: {
        appInfo: { productFilename: packageJson.productName },
        executableName: packageJson.name,
      },
    });
    expect(await fuseMismatches(binary)).toEqual([]);
  });

  const packaged = unpackedApp(join(ROOT, 'dist'));
  if (!packaged)
    console.log(
      `packaged app's fuses: skipped, no unpacked app for ${process.platform} in dist/ (npm run dist makes one)`,
    );
  it.runIf(packaged !== null)(
    'are as decided in the app `npm run dist` left in dist/',
    async () => {
      expect(await fuseMismatches(packaged?.fuseTarget ?? '')).toEqual([]);
    },
  );
});

describe('starting the app and quitting it', () => {
  const script = (name: string, body: string): string => {
    const path = join(work, name);
    writeFileSync(path, body);
    return path;
  };

  it('waits for the start-up line, then stops the app', async () => {
    const pidFile = join(work, 'pid');
    const app = script(
      'starts.cjs',
      `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
       setTimeout(() => console.info('info ${STARTED_MESSAGE} {"version":"0.1.0"}'), 200);
       setInterval(() => {}, 1000);`,
    );
    await startAndQuit(process.execPath, [app, '--user-data-dir=/nowhere'], 30_000);
    const { readFileSync } = await import('node:fs');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await expect
      .poll(() => {
        try {
          process.kill(pid, 0);
          return 'running';
        } catch {
          return 'gone';
        }
      })
      .toBe('gone');
  });

  it('fails when the app exits before the line', async () => {
    const app = script('exits.cjs', `console.error('cannot start'); process.exit(3);`);
    await expect(startAndQuit(process.execPath, [app], 30_000)).rejects.toThrow(
      `the app exited (3) before "${STARTED_MESSAGE}"`,
    );
  });

  it('fails when the line never comes', async () => {
    const app = script('silent.cjs', 'setInterval(() => {}, 1000);');
    await expect(startAndQuit(process.execPath, [app], 500)).rejects.toThrow(
      `no "${STARTED_MESSAGE}" line within 500 ms`,
    );
  });
});
