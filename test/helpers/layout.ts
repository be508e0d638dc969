/**
 * The layout rule of docs/architecture.md, checked against the code: every product folder (and top-level
 * file) of src/ names the folders it may import in the "may import" column of the folder table; an import
 * of any other product folder is a violation. Shared leaves (errors, log, clock, loop, loopback) may be
 * imported by all. The Teams SDK (botbuilder, @microsoft/teams-ai) may be imported only where the table
 * says so (`teamsSdk`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Imported by every unit; never import anything themselves. */
export const SHARED_LEAVES = ['errors', 'log', 'clock', 'loop', 'loopback'] as const;

export interface LayoutRules {
  /** unit (folder or top-level file stem, e.g. `graph`, `main`) → the units it may import. */
  mayImport: Map<string, Set<string>>;
  /** Units whose files may import the Teams SDK. */
  teamsSdk: Set<string>;
}

export interface Violation {
  file: string;
  imported: string;
  rule: string;
}

const ROW = /^\|\s*`([a-z]+)(?:\/|\.ts)`\s*\|.*\|\s*([^|]*?)\s*\|\s*$/;

/** Reads the folder table of docs/architecture.md (its last column is "may import"). */
export function parseLayoutRules(markdown: string): LayoutRules {
  const mayImport = new Map<string, Set<string>>();
  const teamsSdk = new Set<string>();
  for (const line of markdown.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    const unit = m[1]!;
    const cell = m[2]!;
    const names = [...cell.matchAll(/`([a-zA-Z@/.-]+)`/g)].map((x) => x[1]!.replace(/\/$/, ''));
    if (names.some((n) => n === 'botbuilder' || n === '@microsoft/teams-ai')) teamsSdk.add(unit);
    mayImport.set(unit, new Set(names.filter((n) => !n.includes('@') && n !== 'botbuilder')));
  }
  return { mayImport, teamsSdk };
}

/** The unit of a path under src/: its top-level folder, or the stem of a top-level file. */
export function unitOf(srcRelative: string): string {
  const parts = srcRelative.split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript source imports or re-exports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function resolveUnit(srcRoot: string, fromFile: string, spec: string): string | undefined {
  const target = normalize(join(dirname(fromFile), spec));
  const rel = relative(srcRoot, target);
  if (rel.startsWith('..')) return undefined;
  const isDir = existsSync(target) && statSync(target).isDirectory();
  return unitOf(isDir ? `${rel}/index.ts` : `${rel}.ts`);
}

/**
 * Every import in `files` (absolute paths under `srcRoot`, with their text) that the rules do not allow,
 * including a unit the table does not name at all. An import that leaves src/ is a violation too: the
 * product never imports the simulator, the tests or the benchmarks.
 */
export function layoutViolations(
  srcRoot: string,
  files: ReadonlyArray<{ path: string; text: string }>,
  rules: LayoutRules,
): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const unit = unitOf(relative(srcRoot, f.path));
    const allowed = rules.mayImport.get(unit);
    if (!allowed) {
      out.push({ file: f.path, imported: '', rule: `${unit} has no row in the folder table` });
      continue;
    }
    for (const spec of importsOf(f.text)) {
      if (spec === 'botbuilder' || spec.startsWith('botbuilder-') || spec.startsWith('@microsoft/teams-ai')) {
        if (!rules.teamsSdk.has(unit))
          out.push({ file: f.path, imported: spec, rule: `${unit} may not import the Teams SDK` });
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolveUnit(srcRoot, f.path, spec);
      if (target === undefined) {
        out.push({ file: f.path, imported: spec, rule: 'the product imports nothing outside src/' });
        continue;
      }
      if (target === unit || (SHARED_LEAVES as readonly string[]).includes(target)) continue;
      if (!allowed.has(target))
        out.push({ file: f.path, imported: spec, rule: `${unit} may not import ${target}` });
    }
  }
  return out;
}

/** Reads a file's text (for callers that list files themselves). */
export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
