import { inflateSync } from 'node:zlib';

/** A decoded PNG: 8-bit RGBA pixels, row-major, whatever the file's colour type was. */
export interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  rgba: Uint8Array;
}

const SIGNATURE = '89504e470d0a1a0a';
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (all five PNG filter types) of 8-bit samples. */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (pred === undefined) throw new Error(`bad PNG filter type ${filter} on row ${y}`);
      out[y * stride + x] = (cur + pred) & 0xff;
    }
  }
  return out;
}

/** Decodes a non-interlaced 8-bit greyscale/RGB/RGBA PNG (what icon tools write) into RGBA. */
export function decodePng(file: Buffer): DecodedPng {
  if (file.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG file');
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height, colorType] = [body.readUInt32BE(0), body.readUInt32BE(4), body[9]!];
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs are supported');
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new Error(`unsupported PNG colour type ${colorType}`);
  const samples = unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = samples.subarray(i * channels, (i + 1) * channels);
    const [r, g, b] = channels >= 3 ? [px[0]!, px[1]!, px[2]!] : [px[0]!, px[0]!, px[0]!];
    const alpha = channels === 4 ? px[3]! : channels === 2 ? px[1]! : 255;
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { width, height, colorType, rgba };
}
