import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile } from '../../../scripts/package-app';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** The committed environments (env/.env.<name>). */
export const ENVIRONMENTS = ['playground', 'local', 'dev'] as const;
export type EnvName = (typeof ENVIRONMENTS)[number];

/** Configuration keys whose values are secrets: never given a value in a committed file. */
export const SECRET_KEYS = ['BOT_PASSWORD', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING'];

/** Agents Toolkit variables every environment file declares. */
export const TOOLKIT_KEYS = [
  'TEAMSFX_ENV',
  'APP_NAME_SUFFIX',
  'TEAMS_APP_ID',
  'BOT_ID',
  'BOT_DOMAIN',
  'BOT_ENDPOINT',
];

export function readText(relative: string): string {
  return readFileSync(join(ROOT, relative), 'utf8');
}

export function envText(env: EnvName): string {
  return readText(join('env', `.env.${env}`));
}

export function envVars(env: EnvName): Record<string, string> {
  return parseEnvFile(envText(env));
}

/**
 * Variable names a toolkit yml file writes for later steps: the values of every `writeToEnvironmentFile`
 * block (`clientId: BOT_ID` writes BOT_ID). A small indentation-aware scan: the yml files are plain.
 */
export function ymlWrittenVariables(yml: string): string[] {
  const written: string[] = [];
  let blockIndent = -1;
  for (const line of yml.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (/^\s*writeToEnvironmentFile:\s*$/.test(line)) blockIndent = indent;
    else if (blockIndent >= 0 && line.trim() !== '' && indent <= blockIndent) blockIndent = -1;
    else if (blockIndent >= 0) {
      const m = /^\s+\w+:\s*([A-Z][A-Z0-9_]*)\s*$/.exec(line);
      if (m) written.push(m[1]!);
    }
  }
  return written;
}

/** Keys of the `envs:` map of the yml's `file/createOrUpdateEnvironmentFile` step. */
export function ymlRuntimeEnvKeys(yml: string): string[] {
  const start = yml.indexOf('      envs:\n');
  if (start < 0) return [];
  const keys: string[] = [];
  for (const line of yml.slice(start).split('\n').slice(1)) {
    const m = /^ {8}([A-Z][A-Z0-9_]*):/.exec(line);
    if (!m) break;
    keys.push(m[1]!);
  }
  return keys;
}

/** `output NAME type = …` declarations of a Bicep file. */
export function bicepOutputs(bicep: string): string[] {
  return [...bicep.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!);
}

/** `param name type [= default]` declarations of a Bicep file, with whether they have a default. */
export function bicepParams(bicep: string): Array<{ name: string; hasDefault: boolean }> {
  return [...bicep.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)].map((m) => ({
    name: m[1]!,
    hasDefault: !!m[2],
  }));
}

/** Keys of the `var appSettings = { … }` object of infra/azure.bicep. */
export function bicepAppSettingKeys(bicep: string): string[] {
  const body = /^var appSettings = \{\n([\s\S]*?)\n\}/m.exec(bicep)?.[1] ?? '';
  return [...body.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}
