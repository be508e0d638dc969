/**
 * Builds the Teams app package (manifest.json, color.png, outline.png) for sideloading, with no toolkit and
 * no network: `npx tsx scripts/package-app.ts --env dev [--out appPackage/build/appPackage.dev.zip]`.
 * 1. Reads `env/.env.<env>` then `env/.env.<env>.user` (later files win; the process environment wins over
 *    both, so CI can inject `TEAMS_APP_ID`/`BOT_ID`/`BOT_DOMAIN`).
 * 2. Replaces every `${{NAME}}` in the manifest, as the toolkit's `teamsApp/zipAppPackage` does. A missing or
 *    empty one (only APP_NAME_SUFFIX may be empty) is an error naming it and the files that were read.
 * 3. Validates the result against the Teams manifest schema bundled in `@microsoft/app-manifest` (offline;
 *    its default `validateManifest` downloads the schema and fails without a network).
 * 4. Writes a deflated zip with the three files at its root, as Teams requires.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { ManifestUtil } from '@microsoft/app-manifest';
import { ConfigError } from '../src/errors';
import { crc32 } from './make-icons';

/** A parsed JSON object (the manifest, a schema). */
export type JsonObject = Record<string, unknown>;

/** Options of {@link packageApp}. */
export interface PackageOptions {
  /** Environment name: reads `env/.env.<env>` and `env/.env.<env>.user`. */
  env: string;
  /** Repository root. Default: the parent of this script's folder. */
  root?: string;
  /** Output zip. Default `<root>/appPackage/build/appPackage.<env>.zip`. */
  outFile?: string;
  /** Values that win over the env files (the CLI passes `process.env`). Default none. */
  overrides?: Record<string, string | undefined>;
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Parses a dotenv file as the Agents Toolkit writes it: `KEY=value`, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`Not a KEY=value line: "${line.slice(0, 60)}"`);
    let value = m[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    vars[m[1]!] = value;
  }
  return vars;
}

/** Reads the environment's files (missing files count as empty) and returns the merged values and sources. */
export function loadEnvironment(
  root: string,
  env: string,
): { vars: Record<string, string>; files: string[] } {
  if (!/^[A-Za-z0-9_-]+$/.test(env))
    throw new Error(`Bad environment name "${env}": use letters, digits, - or _.`);
  const files = [join('env', `.env.${env}`), join('env', `.env.${env}.user`)];
  const vars: Record<string, string> = {};
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    try {
      Object.assign(vars, parseEnvFile(readFileSync(path, 'utf8')));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return { vars, files };
}

/** The `${{NAME}}` placeholders in `text`, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces every `${{NAME}}` with its value. Throws a `ConfigError` naming each placeholder that has no
 * value (missing, or empty unless listed in `mayBeEmpty`), with `hint` (e.g. which files were read) in
 * each message.
 */
export function expandPlaceholders(
  text: string,
  vars: Record<string, string | undefined>,
  hint = '',
  mayBeEmpty: readonly string[] = [],
): string {
  const missing = placeholdersIn(text).filter(
    (name) => !vars[name] && !(mayBeEmpty.includes(name) && vars[name] === ''),
  );
  if (missing.length > 0) {
    const why = hint ? `has no value (${hint})` : 'has no value';
    throw new ConfigError(missing.map((key) => ({ key, message: why })));
  }
  return text.replace(PLACEHOLDER, (_, name: string) => vars[name] ?? '');
}

/** Placeholders of the manifest that may be empty: production has no name suffix. */
const OPTIONAL_PLACEHOLDERS = ['APP_NAME_SUFFIX'];

/** Path of the Teams manifest schema that `@microsoft/app-manifest` bundles for `manifestVersion`. */
export function bundledSchemaPath(manifestVersion: string): string {
  if (!/^\d+\.\d+$/.test(manifestVersion)) throw new Error(`Bad manifestVersion "${manifestVersion}".`);
  const pkg = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const path = join(pkg, 'build/json-schemas/teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(path)) {
    throw new Error(`@microsoft/app-manifest bundles no schema for manifestVersion ${manifestVersion}.`);
  }
  return path;
}

/**
 * Validates a (placeholder-free) manifest against its bundled schema; returns the errors, [] when valid.
 * `@microsoft/app-manifest` is loaded on first use only: it pulls in an ES-module-only dependency that
 * some CommonJS runtimes (jest on Node 20) cannot load, and most users of this module never validate.
 */
export async function validateManifest(manifest: JsonObject, schema?: JsonObject): Promise<string[]> {
  type Validate = typeof ManifestUtil.validateManifestAgainstSchema;
  const version = String(manifest.manifestVersion ?? '');
  const used = schema ?? (JSON.parse(readFileSync(bundledSchemaPath(version), 'utf8')) as JsonObject);
  const { ManifestUtil: util } = await import('@microsoft/app-manifest');
  return util.validateManifestAgainstSchema(
    manifest as Parameters<Validate>[0],
    used as unknown as Parameters<Validate>[1],
  );
}

/** A file to put in a zip. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** DOS date 1980-01-01 00:00: a fixed timestamp keeps the package byte-for-byte reproducible. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function zipHeader(signature: number, fields: Array<[bytes: 2 | 4, value: number]>): Buffer {
  const size = 4 + fields.reduce((n, [bytes]) => n + bytes, 0);
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(signature, 0);
  let at = 4;
  for (const [bytes, value] of fields) {
    if (bytes === 2) buf.writeUInt16LE(value, at);
    else buf.writeUInt32LE(value >>> 0, at);
    at += bytes;
  }
  return buf;
}

/** Writes a zip archive (deflate, UTF-8 names, no zip64: entries and archive must stay under 4 GiB). */
export function createZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const common: Array<[2 | 4, number]> = [
      [2, 20], // version needed: 2.0 (deflate)
      [2, 0x0800], // flags: UTF-8 names
      [2, 8], // method: deflate
      [2, DOS_TIME],
      [2, DOS_DATE],
      [4, crc32(data)],
      [4, packed.length],
      [4, data.length],
      [2, nameBytes.length],
      [2, 0], // extra field length
    ];
    const local = Buffer.concat([zipHeader(0x04034b50, common), nameBytes, packed]);
    const tail: Array<[2 | 4, number]> = [
      [2, 0],
      [2, 0],
      [2, 0],
      [4, 0],
      [4, offset],
    ];
    central.push(Buffer.concat([zipHeader(0x02014b50, [[2, 20], ...common, ...tail]), nameBytes]));
    parts.push(local);
    offset += local.length;
  }
  const dir = Buffer.concat(central);
  const n = entries.length;
  const end = zipHeader(0x06054b50, [
    [2, 0],
    [2, 0],
    [2, n],
    [2, n],
    [4, dir.length],
    [4, offset],
    [2, 0],
  ]);
  return Buffer.concat([...parts, dir, end]);
}

/** The package's files: the expanded manifest and the two icons it names, all at the zip's root. */
function packageEntries(root: string, manifest: JsonObject): ZipEntry[] {
  const icons = manifest.icons as Record<string, string>;
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
  ];
  for (const icon of [icons.color, icons.outline]) {
    if (!icon || icon.includes('..')) throw new Error(`Bad icon path "${icon}" in the manifest.`);
    entries.push({ name: icon, data: readFileSync(join(root, 'appPackage', icon)) });
  }
  return entries;
}

/** Expands, validates and zips the app package; returns where it went and the expanded manifest. */
export async function packageApp(o: PackageOptions): Promise<{ outFile: string; manifest: JsonObject }> {
  const root = resolve(o.root ?? join(__dirname, '..'));
  const { vars, files } = loadEnvironment(root, o.env);
  const merged: Record<string, string | undefined> = { ...vars };
  for (const [k, v] of Object.entries(o.overrides ?? {})) if (v) merged[k] = v;
  const template = readFileSync(join(root, 'appPackage', 'manifest.json'), 'utf8');
  const hint = `set it in ${files.join(' or ')}, or run the Agents Toolkit's provision for "${o.env}"`;
  const manifest = JSON.parse(
    expandPlaceholders(template, merged, hint, OPTIONAL_PLACEHOLDERS),
  ) as JsonObject;
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new ConfigError(errors.map((message) => ({ key: 'appPackage/manifest.json', message })));
  }
  const entries = packageEntries(root, manifest);
  const outFile = resolve(o.outFile ?? join(root, 'appPackage', 'build', `appPackage.${o.env}.zip`));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, createZip(entries));
  return { outFile, manifest };
}

function parseArgs(argv: string[]): { env: string; outFile?: string } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const env = value('--env');
  if (!env) throw new Error('Usage: tsx scripts/package-app.ts --env <local|dev|…> [--out <file.zip>]');
  return { env, outFile: value('--out') };
}

if (require.main === module) {
  Promise.resolve()
    .then(() => packageApp({ ...parseArgs(process.argv.slice(2)), overrides: process.env }))
    .then(({ outFile }) => console.log(`wrote ${outFile}`))
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    });
}
