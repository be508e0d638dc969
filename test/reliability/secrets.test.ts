/**
 * Secrets and sensitive data: a demo-like session with the real bot as a child process (scenario `demo`,
 * the development token, a configured client secret, LOG_LEVEL=trace): subscribe, cards, sensitive info
 * type views, enrich, comment, triage, lists. Then every line the bot wrote to stdout and stderr, every
 * invoke answer and every message it posted is scanned for the client secret, bearer tokens and each
 * DetectedValues entry of the simulator's data: no hit.
 */
import { randomBytes } from 'node:crypto';
import type { SecurityAlert } from '../../src/model';
import { startSimulator, type Simulator } from '../../simulator';
import { invokeActivity, messageActivity } from '../helpers/activities';
import { startBotProcess, type BotProcess } from '../helpers/botProcess';
import { startFakeConnector, type FakeConnector } from '../helpers/fakeConnector';
import { eventually, TLS_DIR } from '../helpers/stack';
import { alertIdOfCard } from './support/cards';
import { table, writeSection } from './support/report';
import { DEFAULT_CHANNEL_ID, MEGAN, subscribe } from './support/teams';

// Shaped like an Entra client secret (`xxx8Q~…`, 40 characters); random so no fixture can contain it.
const SECRET = `Rel8Q~${randomBytes(27).toString('base64url').slice(0, 34)}`;
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.?[\w-]*/;
const BEARER = /Bearer\s+[\w.~+/-]{12,}/i;

let sim: Simulator;
let connector: FakeConnector;
let bot: BotProcess | undefined;
const t0 = Date.now();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo', throttle: false });
  connector = await startFakeConnector();
});
afterAll(async () => {
  await bot?.kill9();
  await connector?.close();
  await sim?.close();
});

function upnOf(alert: SecurityAlert | undefined): string | undefined {
  for (const e of alert?.evidence ?? []) {
    const upn = (e as { userAccount?: { userPrincipalName?: string | null } }).userAccount?.userPrincipalName;
    if (upn) return upn;
  }
  return undefined;
}

/** The session an analyst would have; returns the invoke answers' bodies. */
async function session(b: BotProcess): Promise<string[]> {
  await subscribe(b.post, connector.url);
  // A subscription does not backfill: the demo's correlations were handled at the first poll. A change
  // to some of them (an analyst in the Defender portal) brings their cards to the new channel.
  const touched = [...new Set(sim.truth.matches.map((m) => m.defenderAlertId))].slice(0, 4);
  for (const id of touched) sim.alerts.update(id, { status: 'inProgress' });
  const cards = await eventually(
    () => {
      const ids = connector.cardsIn(DEFAULT_CHANNEL_ID).map((m) => alertIdOfCard(m.card));
      return ids.length >= touched.length && ids.filter((id): id is string => !!id);
    },
    120_000,
    'the demo cards',
  );
  const answers: string[] = [];
  const press = async (verb: string, data: Record<string, unknown>) => {
    const activity = invokeActivity({ serviceUrl: connector.url, verb, data: { cardVersion: 1, ...data }, from: MEGAN }); // prettier-ignore
    answers.push((await b.post(activity)).text);
  };
  const say = (text: string) => b.post(messageActivity({ serviceUrl: connector.url, scope: 'personal', text, from: MEGAN })); // prettier-ignore
  for (const alertId of cards) await press('alert.sit', { alertId });
  await press('alert.enrich', { alertId: cards[0] });
  await press('alert.comment', { alertId: cards[0], commentText: 'Checked with the user; keep watching.' });
  await press('alert.setStatus', { alertId: cards[1] ?? cards[0], status: 'inProgress' });
  await press('alert.classify', { alertId: cards[1] ?? cards[0], classification: 'truePositive' });
  const dlpUpn = upnOf(sim.alerts.get(sim.truth.matches[0]!.dlpAlertId));
  for (const text of [
    '/alerts',
    `/alert ${cards[0]}`,
    `/dlp ${dlpUpn}`,
    `/sit ${cards[0]}`,
    '/status',
    '/audit',
  ])
    await say(text);
  return answers;
}

/** Every way a detected value could be written: as given, and as its bare digits/letters. */
function needles(values: string[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (v.trim().length >= 4) out.add(v.trim());
    const bare = v.replace(/[\s-]/g, '');
    if (bare.length >= 9) out.add(bare);
  }
  return [...out];
}

it('writes no secret, token or detected value to its logs, answers or messages', async () => {
  bot = await startBotProcess({
    script: 'test/reliability/children/secretBot.ts',
    env: {
      GRAPH_BASE_URL: sim.url,
      STORE: 'memory',
      POLL_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'trace',
      AZURE_TENANT_ID: '4b2462a4-bbee-495a-a0e1-f23ae524cc9c',
      AZURE_CLIENT_ID: '0f6c3b7e-5d2a-4c1b-9e8f-7a6b5c4d3e2f',
      AZURE_CLIENT_SECRET: SECRET,
    },
  });
  const answers = await session(bot);
  const pages = await Promise.all(['/status', '/metrics', '/readyz'].map(async (p) => (await fetch(`${bot!.url}${p}`)).text())); // prettier-ignore
  await bot.stop();
  const hunting = sim.requests().filter((r) => r.path.endsWith('/runHuntingQuery')).length;
  const detected = needles(sim.detectedValues());
  const logs = [...bot.stdout, ...bot.stderr().split('\n')].filter(Boolean);
  const posted = connector.activities().map((op) => JSON.stringify(op.activity));
  const scan = (texts: string[], test: (t: string) => boolean) => texts.filter(test).length;
  const found = (t: string) => detected.some((d) => t.includes(d));
  const everywhere = (test: (t: string) => boolean) => [logs, answers, posted, pages].map((texts) => scan(texts, test)); // prettier-ignore
  const results: Array<[string, ...number[]]> = [
    ['the client secret', ...everywhere((t) => t.includes(SECRET))],
    ['a JWT (eyJ…)', ...everywhere((t) => JWT.test(t))],
    ['"Bearer <token>"', ...everywhere((t) => BEARER.test(t))],
    [`any of ${detected.length} detected values`, ...everywhere(found)],
  ];
  const counts = { hunting, logs: logs.length, answers: answers.length, posted: posted.length, results };
  await writeSection('secrets', report(counts), Date.now() - t0);
  // The scan itself finds what it looks for: a real token, and a real detected value in a sentence.
  expect(JWT.test(sim.issueToken()) && BEARER.test(`Bearer ${sim.issueToken()}`)).toBe(true);
  expect(found(`the card said ${sim.detectedValues()[0]} here`)).toBe(true);
  expect(hunting).toBeGreaterThan(0);
  expect(logs.length).toBeGreaterThan(20);
  expect(answers.join(' ')).toContain('Sensitive info types');
  expect(results.map(([what, ...hits]) => [what, hits])).toEqual(
    results.map(([what]) => [what, [0, 0, 0, 0]]),
  );
}, 300_000);

function report(f: {
  hunting: number;
  logs: number;
  answers: number;
  posted: number;
  results: Array<[string, ...number[]]>;
}): string {
  return `The real bot as a child process (\`test/reliability/children/secretBot.ts\`: \`startService\` with the
simulator's development token, while AZURE_TENANT_ID, AZURE_CLIENT_ID and a random AZURE_CLIENT_SECRET are
configured), LOG_LEVEL=trace, simulator scenario \`demo\` (${sim.detectedValues().length} DetectedValues entries
in its hunting data). Session: /subscribe, the cards, the sensitive info types of every card
(${f.hunting} advanced hunting queries answered with detected values), enrich, comment, status, classification,
/alerts, /alert, /dlp, /sit, /status, /audit. Scanned: ${f.logs} log lines (stdout and stderr),
${f.answers} invoke answers, ${f.posted} messages posted to Teams, and the bot's /status, /metrics and
/readyz pages.

${table(['looked for', 'log lines', 'invoke answers', 'posted messages', '/status, /metrics, /readyz'], f.results)}`;
}
