#!/usr/bin/env node
// Draws the app icon (a clock face on a rounded square: sessions and their timeouts) as
// PNG files in build/, anti-aliased by supersampling, and packs them into the containers
// the systems ask for (https://www.electron.build/icons): a 1024 px icon.png (Linux, and
// the source), icon.icns for macOS (16 to 1024 px), icon.ico for Windows (16 to 256 px)
// and tray.ico for the Windows tray. Both containers hold PNG images (.icns since 10.7,
// .ico since Vista), so no image tool is needed. Run again only to change the icon.
// macOS gets its own tray icon: a template image (black and alpha only, the file name
// ending in "Template"), 16 px with a 32 px @2x, which the menu bar tints for light and
// dark mode (https://www.electronjs.org/docs/latest/api/native-image#template-image-macos).
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const samples = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = pixel(
            (x + (sx + 0.5) / samples) / size,
            (y + (sy + 0.5) / samples) / size,
          );
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const alpha = acc[3] / (samples * samples);
      raw[o] = alpha ? acc[0] / acc[3] : 0;
      raw[o + 1] = alpha ? acc[1] / acc[3] : 0;
      raw[o + 2] = alpha ? acc[2] / acc[3] : 0;
      raw[o + 3] = Math.round(alpha * 255);
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether (u, v) is on the clock's hands (ten past twelve), drawn `width` wide. */
function hands(u, v, width) {
  const onSegment = (x1, y1, x2, y2) => {
    const t = Math.max(
      0,
      Math.min(
        1,
        ((u - x1) * (x2 - x1) + (v - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2),
      ),
    );
    return Math.hypot(u - (x1 + t * (x2 - x1)), v - (y1 + t * (y2 - y1))) < width;
  };
  return onSegment(0.5, 0.5, 0.5, 0.31) || onSegment(0.5, 0.5, 0.64, 0.58);
}

/** The macOS menu bar glyph: the clock alone, a ring and its hands, black on transparent. */
function trayTemplate(u, v) {
  const d = Math.hypot(u - 0.5, v - 0.5);
  const black = [0, 0, 0, 1];
  if (d > 0.36 && d < 0.47) return black;
  return hands(u, v, 0.06) ? black : [0, 0, 0, 0];
}

function icon(u, v) {
  const inset = 0.06,
    radius = 0.2;
  const qx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - radius), 0);
  if (Math.hypot(qx, qy) > radius) return [0, 0, 0, 0];
  const d = Math.hypot(u - 0.5, v - 0.5);
  const white = [255, 255, 255, 1];
  if (d > 0.27 && d < 0.32) return white;
  if (hands(u, v, 0.028)) return white;
  const shade = 1 - v * 0.25;
  return [Math.round(37 * shade), Math.round(99 * shade), Math.round(235 * shade), 1];
}

/** An .ico holding one PNG per size (directory entries of 16 bytes; 0 means 256 px). */
function ico(sizes, pixel) {
  const images = sizes.map((size) => png(size, pixel));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, index) => {
    const entry = 6 + index * 16;
    header[entry] = size >= 256 ? 0 : size;
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(images[index].length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += images[index].length;
  });
  return Buffer.concat([header, ...images]);
}

/** An .icns holding one PNG per OSType (each entry: type, length with its 8-byte header). */
function icns(entries, pixel) {
  const parts = entries.map(([type, size]) => {
    const image = png(size, pixel);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(image.length + 8, 4);
    return Buffer.concat([head, image]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

writeFileSync('build/icon.png', png(1024, icon));
writeFileSync('build/icon.icns', icns(ICNS_TYPES, icon));
writeFileSync('build/icon.ico', ico([16, 24, 32, 48, 64, 128, 256], icon));
writeFileSync('build/tray.ico', ico([16, 24, 32], icon));
writeFileSync('build/tray.png', png(32, icon));
writeFileSync('build/trayTemplate.png', png(16, trayTemplate));
writeFileSync('build/trayTemplate@2x.png', png(32, trayTemplate));
console.log(
  'wrote build/icon.png (1024 px), icon.icns, icon.ico, tray.ico, tray.png, trayTemplate.png and trayTemplate@2x.png',
);
