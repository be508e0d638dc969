import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, errorMessage } from '../errors';
import { DEFAULT_TENANT } from '../records';
import { isRecord } from '../model';
import { tenantEntrySchema, toSpec } from './spec';
import type { TenantSpec } from './types';

type Issue = { key: string; message: string };

/** The file-level key of every whole-file problem (unreadable, parse error, empty, wrong shape). */
const FILE_KEY = 'TENANTS_FILE';

/** The tenant of a deployment without TENANTS_FILE: `default`, with AZURE_TENANT_ID when set. */
export function singleTenant(tenantId?: string): TenantSpec[] {
  return [{ name: DEFAULT_TENANT, tenantId: tenantId ?? DEFAULT_TENANT }];
}

/**
 * Reads and validates TENANTS_FILE: YAML (`.yaml`, `.yml`) or JSON (`.json`), either `{ tenants: [...] }`
 * or a bare list. Throws one `ConfigError` naming every problem: whole-file ones under `TENANTS_FILE`,
 * entry ones as `tenants[<index>] (<name>[, line <n>]).<field>` (an index from 0; lines for YAML).
 */
export function loadTenantsFile(path: string): TenantSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([{ key: FILE_KEY, message: `cannot read ${path}: ${errorMessage(err)}` }]);
  }
  return parseTenantsFile(text, path);
}

/** `loadTenantsFile` on text already read (the watcher hashes what it read). `path` picks the format. */
export function parseTenantsFile(text: string, path: string): TenantSpec[] {
  const parsed = parseText(text, path);
  if ('issues' in parsed) throw new ConfigError(parsed.issues);
  const { value, lineOf } = parsed;
  const list = Array.isArray(value) ? value : isRecord(value) ? value.tenants : undefined;
  const shapeIssue = checkShape(value, list, path);
  if (shapeIssue) throw new ConfigError([shapeIssue]);
  const entries = list as unknown[];
  const base = Array.isArray(value) ? [] : ['tenants'];
  const issues: Issue[] = [];
  const specs: TenantSpec[] = [];
  entries.forEach((entry, i) => {
    const where = (field: Array<string | number>) => label(entry, i, lineOf([...base, i, ...field]), field);
    const r = tenantEntrySchema.safeParse(entry);
    if (r.success) specs.push(toSpec(r.data));
    else issues.push(...r.error.issues.map((x) => ({ key: where(fieldOf(x)), message: messageOf(x) })));
  });
  issues.push(...duplicates(entries, 'name', base, lineOf), ...duplicates(entries, 'tenantId', base, lineOf));
  if (issues.length > 0) throw new ConfigError(issues);
  return specs;
}

type Parsed = { value: unknown; lineOf: (path: Array<string | number>) => number | undefined };

function parseText(text: string, path: string): Parsed | { issues: Issue[] } {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return parseJson(text, path);
  if (ext === '.yaml' || ext === '.yml') return parseYaml(text, path);
  return {
    issues: [
      { key: FILE_KEY, message: `${path}: must end in .yaml, .yml or .json (the format follows the name)` },
    ],
  };
}

function parseJson(text: string, path: string): Parsed | { issues: Issue[] } {
  try {
    return { value: text.trim() === '' ? null : JSON.parse(text), lineOf: () => undefined };
  } catch (err) {
    // V8 says "... at position N": turn it into a line an editor can jump to.
    const message = errorMessage(err);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    return {
      issues: [
        { key: FILE_KEY, message: `${path}${line ? ` line ${line}` : ''}: not valid JSON (${message})` },
      ],
    };
  }
}

function parseYaml(text: string, path: string): Parsed | { issues: Issue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => ({
        key: FILE_KEY,
        message: `${path} line ${e.linePos?.[0].line ?? '?'}: not valid YAML (${e.message.split('\n')[0]})`,
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { issues: [{ key: FILE_KEY, message: `${path}: not valid YAML (${errorMessage(err)})` }] };
  }
  return { value, lineOf: (p) => lineOfNode(doc, lines, p) };
}

/** The line of the node at `path` or, when the field is missing, of its nearest parent. */
function lineOfNode(doc: Document, lines: LineCounter, path: Array<string | number>): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function checkShape(value: unknown, list: unknown, path: string): Issue | undefined {
  const expected = 'expected `tenants:` with a list of tenants (or a bare list)';
  if (value === null || value === undefined)
    return { key: FILE_KEY, message: `${path} is empty: ${expected}, at least one` };
  if (isRecord(value)) {
    const extra = Object.keys(value).filter((k) => k !== 'tenants');
    if (extra.length > 0)
      return { key: FILE_KEY, message: `${path}: unknown top-level key(s) ${extra.join(', ')}: ${expected}` };
    if (list === undefined) return { key: FILE_KEY, message: `${path}: ${expected}` };
  }
  if (!Array.isArray(list)) return { key: FILE_KEY, message: `${path}: ${expected}` };
  if (list.length === 0)
    return { key: FILE_KEY, message: `${path} lists no tenant: list at least one (name, tenantId)` };
  return undefined;
}

function label(entry: unknown, i: number, line: number | undefined, field: Array<string | number>): string {
  const name =
    isRecord(entry) && typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
  const about = [name, line === undefined ? undefined : `line ${line}`].filter(Boolean).join(', ');
  const suffix = field.map((f) => (typeof f === 'number' ? `[${f}]` : `.${f}`)).join('');
  return `tenants[${i}]${about ? ` (${about})` : ''}${suffix}`;
}

/** The field an issue is about; an unknown key is reported on its own name. */
function fieldOf(issue: {
  path: Array<string | number>;
  code: string;
  keys?: string[];
}): Array<string | number> {
  if (issue.code === 'unrecognized_keys' && issue.keys?.length === 1) return [...issue.path, issue.keys[0]!];
  return issue.path;
}

function messageOf(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys ?? [];
    return (
      `unknown key${keys.length === 1 ? '' : 's'} ${keys.map((k) => `"${k}"`).join(', ')}: ` +
      'use name, tenantId, displayName, defenderSources, windowMinutes, sensitiveDlpPolicies, analysts'
    );
  }
  if (issue.code === 'invalid_type' && /Required/.test(issue.message)) return 'is required';
  if (issue.code === 'invalid_type' && issue.message.startsWith('Expected object'))
    return 'must be a mapping with at least name and tenantId';
  return issue.message;
}

/** Every entry whose `field` repeats an earlier one's (tenant ids compared without case). */
function duplicates(
  entries: unknown[],
  field: 'name' | 'tenantId',
  base: Array<string | number>,
  lineOf: Parsed['lineOf'],
): Issue[] {
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  entries.forEach((entry, i) => {
    const raw = isRecord(entry) ? entry[field] : undefined;
    if (typeof raw !== 'string' || raw.trim() === '') return;
    const value = field === 'tenantId' ? raw.trim().toLowerCase() : raw;
    const earlier = first.get(value);
    if (earlier === undefined) return void first.set(value, i);
    issues.push({
      key: label(entry, i, lineOf([...base, i, field]), [field]),
      message: `"${raw}" is also tenants[${earlier}]'s ${field}: each tenant's ${field} must be unique`,
    });
  });
  return issues;
}
