import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builderConfig } from '../../electron-builder.config';

// The icon files in build/, made by scripts/make-icons.mjs, read by their headers: every
// size each system asks for (https://www.electron.build/icons).
const BUILD = join(__dirname, '..', '..', 'build');

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The images of an .ico: the size its directory says, and the size of the PNG inside. */
function icoImages(bytes: Buffer): number[] {
  expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]);
  const count = bytes.readUInt16LE(4);
  const sizes: number[] = [];
  for (let index = 0; index < count; index++) {
    const entry = 6 + index * 16;
    const size = bytes[entry] || 256;
    expect(bytes[entry + 1] || 256).toBe(size);
    const length = bytes.readUInt32LE(entry + 8);
    const offset = bytes.readUInt32LE(entry + 12);
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    expect(pngSize(bytes.subarray(offset, offset + length))).toEqual([size, size]);
    sizes.push(size);
  }
  return sizes;
}

/** The entries of an .icns: type and the size of the PNG inside. */
function icnsImages(bytes: Buffer): Record<string, number> {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(bytes.readUInt32BE(4)).toBe(bytes.length);
  const found: Record<string, number> = {};
  for (let at = 8; at < bytes.length;) {
    const type = bytes.subarray(at, at + 4).toString('latin1');
    const length = bytes.readUInt32BE(at + 4);
    const [width, height] = pngSize(bytes.subarray(at + 8, at + length));
    expect(height).toBe(width);
    found[type] = width;
    at += length;
  }
  return found;
}

describe('the icon files', () => {
  it('start from a 1024 px source, the Linux icon', () => {
    expect(pngSize(readFileSync(join(BUILD, 'icon.png')))).toEqual([1024, 1024]);
    expect(builderConfig.linux?.icon).toBe('build/icon.png');
  });

  it('give macOS an .icns with every size from 16 to 1024 px', () => {
    expect(icnsImages(readFileSync(join(BUILD, 'icon.icns')))).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
    });
    expect(builderConfig.mac?.icon).toBe('build/icon.icns');
  });

  it('give Windows an .ico with 16 to 256 px, and the tray an .ico of its own', () => {
    expect(icoImages(readFileSync(join(BUILD, 'icon.ico')))).toEqual([
      16, 24, 32, 48, 64, 128, 256,
    ]);
    expect(builderConfig.win?.icon).toBe('build/icon.ico');
    expect(icoImages(readFileSync(join(BUILD, 'tray.ico')))).toEqual([16, 24, 32]);
  });

  it('give the macOS menu bar a template image at 16 px and @2x', () => {
    expect(pngSize(readFileSync(join(BUILD, 'trayTemplate.png')))).toEqual([16, 16]);
    expect(pngSize(readFileSync(join(BUILD, 'trayTemplate@2x.png')))).toEqual([32, 32]);
  });
});
