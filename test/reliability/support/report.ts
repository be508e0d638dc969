/**
 * The figures of the reliability runs. The full form (`npm run test:reliability`) rewrites its own section
 * of docs/reliability.md; the short form (`npm test`) never touches the doc and writes its figures under
 * .tmp/reliability/ instead. Sections are delimited by HTML comments so each test file replaces only its
 * own, under a lock file: jest runs the files in parallel workers.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { FORM, FULL } from './mode';

const ROOT = resolve(__dirname, '../../..');
const DOC = resolve(ROOT, 'docs/reliability.md');
const SHORT_DIR = resolve(ROOT, '.tmp/reliability');

/** The sections, in document order. */
export const SECTIONS = {
  crash: 'Crashes: kill -9 of the bot',
  replicas: 'Two replicas on one Azure Blob container: leader failover',
  burst: 'Burst: many correlations at once to one channel',
  graphFaults: 'Graph faults',
  teamsFaults: 'Teams faults',
  badInput: 'Bad input on /api/messages',
  access: 'Access checks',
  secrets: 'Secrets and sensitive data in the logs',
  audit: 'Dependency audit (npm audit --omit=dev)',
} as const;

export type SectionId = keyof typeof SECTIONS;

const HEADER = `# Reliability and security

Figures of the last full run of the reliability suite (\`npm run test:reliability\`, \`test/reliability/\`).
Each section is rewritten by its test file in the full form; \`npm test\` runs the same tests in a short
form (3 kills instead of 20, a burst of 150 instead of 1,000, the slowest fault cases and the two-replica
and audit runs left out) and never touches this file (it writes \`.tmp/reliability/*.md\`). Do not edit
the sections by hand: run the suite. Everything runs on 127.0.0.1: the product's Graph Security
simulator (HTTPS), a fake Bot Connector (with a pass-through proxy that can act between Teams accepting a
card and the bot hearing back) and, for the replicas, Azurite.

What the suite found and what was fixed: a paced channel could see 8 operations in one second at Teams'
side (the pacer now stamps an operation when its answer arrives); \`LEADER_LEASE_SECONDS\` never reached
the blob lease (always 15 s); a card deleted in Teams (404 \`ActivityNotFoundInConversation\` on its
update) unsubscribed the whole channel; a kill between Teams accepting a root card and the store
recording its id posted that card twice (the restarted bot now finds the card through Graph, reading the
channel back with its resource-specific consent, and adopts it); botbuilder's own HTTP pipeline re-sent a
root card whose answer was lost (its retries are now removed: the bot's Deliverer is the one retry
authority); a digest whose send failed, or that a dying process still owed, was never sent (digests are
now found again in the store).

Known limits, measured below: a conversation Graph cannot read back (a personal chat, or a team where the
app's resource-specific consent was refused) still gets an interrupted card again, logged as a possible
duplicate; thread replies and digest cards are re-sent, not looked up, after a lost answer; a 401
from Graph does not make the bot drop its cached token (it refreshes on its own schedule, a tenth of the
token's lifetime before expiry), and a Graph client retry re-sends its first attempt's token.
`;

/** A Markdown table; cells are stringified and their pipes escaped. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  const cell = (v: unknown): string =>
    String(v ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Seconds with one decimal, from ms. */
export const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function machine(): string {
  const load = loadavg()[0]!.toFixed(1);
  return `node ${process.version}, ${cpus().length} CPUs, load average ${load} when the section was written`;
}

function marker(id: SectionId, end = false): string {
  return `<!-- ${end ? '/' : ''}section:${id} -->`;
}

function readSections(text: string): Map<SectionId, string> {
  const found = new Map<SectionId, string>();
  for (const id of Object.keys(SECTIONS) as SectionId[]) {
    const start = text.indexOf(marker(id));
    const end = text.indexOf(marker(id, true));
    if (start >= 0 && end > start) found.set(id, text.slice(start + marker(id).length, end).trim());
  }
  return found;
}

function render(sections: Map<SectionId, string>): string {
  const parts = [HEADER];
  for (const [id, title] of Object.entries(SECTIONS) as Array<[SectionId, string]>) {
    const body = sections.get(id) ?? `## ${title}\n\n_Not run yet: run \`npm run test:reliability\`._`;
    parts.push(`${marker(id)}\n${body}\n${marker(id, true)}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** Waits for the doc's lock file (another jest worker may be writing its section). */
async function withLock(fn: () => void): Promise<void> {
  // Under .tmp (git-ignored): a lock left by a killed worker never ends up in a commit.
  mkdirSync(SHORT_DIR, { recursive: true });
  const lock = resolve(SHORT_DIR, 'doc.lock');
  for (let i = 0; ; i++) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 200) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Records a section: `body` is Markdown under the section's heading (tables, notes). Full form: replaces
 * the section in docs/reliability.md. Short form: writes .tmp/reliability/<id>.md only.
 */
export async function writeSection(id: SectionId, body: string, durationMs: number): Promise<void> {
  const text = `## ${SECTIONS[id]}\n\n${body.trim()}\n\n_${FORM} form, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${secs(durationMs)}; ${machine()}._`;
  if (!FULL) {
    mkdirSync(SHORT_DIR, { recursive: true });
    writeFileSync(resolve(SHORT_DIR, `${id}.md`), `${text}\n`);
    return;
  }
  await withLock(() => {
    const sections = readSections(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '');
    sections.set(id, text);
    mkdirSync(dirname(DOC), { recursive: true });
    const tmp = resolve(SHORT_DIR, 'reliability.md.tmp');
    writeFileSync(tmp, render(sections));
    renameSync(tmp, DOC);
  });
}
