/**
 * Draws the Teams app icons and writes them as PNG files (pure node: the PNG chunks are written by hand and
 * compressed with zlib, so nothing is downloaded and the output is byte-for-byte reproducible).
 *
 * - `color.png` 192×192: a white shield holding a navy document with a teal droplet (data loss prevention)
 *   on a solid navy background, as Teams wants for the full-colour icon.
 * - `outline.png` 32×32: the shield outline and the droplet in pure white on a fully transparent
 *   background, as Teams requires for the outline icon (anti-aliased edges only vary alpha, never colour).
 *
 * Usage: `npx tsx scripts/make-icons.ts [outDir]` (default `appPackage`).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

/** An 8-bit RGBA raster, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Colour as [r, g, b] in 0..255. */
type Rgb = readonly [number, number, number];

/** The accent colour of the app (also `accentColor` in the manifest). */
export const NAVY: Rgb = [0x12, 0x34, 0x5a];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const TEAL: Rgb = [0x2e, 0xc4, 0xb6];

/** Samples per pixel along each axis: 4×4 supersampling gives smooth edges without a rasterizer library. */
const SUPERSAMPLE = 4;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC), as PNG chunks need it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Encodes an RGBA raster as a PNG (colour type 6, 8 bits, no interlace, filter 0 on every row). */
export function encodePng(img: RgbaImage): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const stride = img.width * 4;
  const raw = Buffer.alloc((stride + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(img.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes work in unit coordinates: (0,0) is the top-left corner of the icon, (1,1) the bottom-right.

/** A heater shield: straight sides for the top 45 %, then a cosine taper to a point. */
function inShield(x: number, y: number, inset: number): boolean {
  const top = 0.08 + inset;
  const height = 0.84 - inset * 2.6;
  const halfWidth = 0.37 - inset;
  const v = (y - top) / height;
  if (v < 0 || v > 1) return false;
  const w = v <= 0.45 ? 1 : Math.cos((((v - 0.45) / 0.55) * Math.PI) / 2);
  return Math.abs(x - 0.5) <= halfWidth * w;
}

/** A page with its top-right corner folded. */
function inDocument(x: number, y: number): boolean {
  const [left, right, top, bottom, fold] = [0.35, 0.65, 0.25, 0.63, 0.09];
  if (x < left || x > right || y < top || y > bottom) return false;
  return !(x > right - fold && y < top + fold && x - (right - fold) > y - top);
}

/** A droplet: a disc with a tip rising above it. */
function inDroplet(x: number, y: number, cx: number, cy: number, r: number): boolean {
  const dx = x - cx;
  const dy = y - cy;
  if (dx * dx + dy * dy <= r * r) return true;
  const tipY = cy - r * 2.1;
  if (y < tipY || y > cy) return false;
  return Math.abs(dx) <= (r * (y - tipY)) / (cy - tipY);
}

/** The colour icon's scene: what colour the point (x, y) has. */
function colorScene(x: number, y: number): Rgb {
  if (!inShield(x, y, 0)) return NAVY;
  if (inDroplet(x, y, 0.5, 0.5, 0.075)) return TEAL;
  if (inDocument(x, y)) return NAVY;
  return WHITE;
}

/** The outline icon's scene: whether the point (x, y) is white (else transparent). */
function outlineScene(x: number, y: number): boolean {
  const ring = inShield(x, y, 0) && !inShield(x, y, 0.085);
  return ring || inDroplet(x, y, 0.5, 0.53, 0.12);
}

/** Renders `size`×`size` pixels, averaging SUPERSAMPLE² samples of `sample` (which returns RGBA 0..1). */
function render(size: number, sample: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const sx = (px + ((i % SUPERSAMPLE) + 0.5) / SUPERSAMPLE) / size;
        const sy = (py + (Math.floor(i / SUPERSAMPLE) + 0.5) / SUPERSAMPLE) / size;
        sample(sx, sy).forEach((v, k) => (acc[k]! += v));
      }
      acc.forEach((v, k) => (data[(py * size + px) * 4 + k] = Math.round((v / n) * 255)));
    }
  }
  return { width: size, height: size, data };
}

/** The 192×192 full-colour icon (opaque everywhere). */
export function renderColorIcon(): RgbaImage {
  return render(192, (x, y) => {
    const [r, g, b] = colorScene(x, y);
    return [r / 255, g / 255, b / 255, 1];
  });
}

/** The 32×32 outline icon: RGB is always white, coverage goes into alpha only. */
export function renderOutlineIcon(): RgbaImage {
  return render(32, (x, y) => [1, 1, 1, outlineScene(x, y) ? 1 : 0]);
}

/** Writes `color.png` and `outline.png` into `outDir` and returns their paths. */
export function writeIcons(outDir: string): { color: string; outline: string } {
  const color = join(outDir, 'color.png');
  const outline = join(outDir, 'outline.png');
  writeFileSync(color, encodePng(renderColorIcon()));
  writeFileSync(outline, encodePng(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const outDir = resolve(process.argv[2] ?? 'appPackage');
  const written = writeIcons(outDir);
  console.log(`wrote ${written.color} and ${written.outline}`);
}
