/**
 * Two replicas of the real bot (child processes) on one Azurite container (STORE=azure-blob,
 * LEADER_LEASE_SECONDS=15) and one simulator serving two customer tenants (TENANTS_FILE: contoso and
 * fabrikam): the tenants' polling is spread, one each; one replica leads (posts every tenant's cards),
 * both serve Teams and name the leader in /status. SIGKILL of the leader while correlations keep arriving
 * in both tenants: the other takes over the killed one's tenant within the lease period plus one renew
 * interval, and across the failover every alert of both tenants gets one card.
 * Full form only (two cold starts, a lease to wait out).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namedTenantId, startSimulator, TENANT_ID, type Simulator } from '../../simulator';
import { startAzurite, type Azurite } from '../helpers/azurite';
import { startBotProcess, type BotProcess } from '../helpers/botProcess';
import { startFakeConnector, type FakeConnector } from '../helpers/fakeConnector';
import { mirrorToGraph } from '../helpers/graphMirror';
import { eventually, TLS_DIR } from '../helpers/stack';
import { addPairs } from './support/alerts';
import { tallyCards } from './support/cards';
import { startConnectorProxy, type ConnectorProxy } from './support/connectorProxy';
import { describeFull } from './support/mode';
import { secs, table, writeSection } from './support/report';
import { DEFAULT_CHANNEL_ID, subscribe } from './support/teams';

const LEASE_S = 15;
const RENEW_MS = (LEASE_S * 1000) / 3;
/** Scheduling on a loaded 2-core machine, and the new leader loading its state before its first poll. */
const SLACK_MS = 3000;

interface Status {
  replicaId: string;
  leader: { isLeader: boolean; leaderId: string | null };
  tenants: Array<{ name: string; polledBy: string | null; pollingHere: boolean }>;
}

const TENANTS = [
  { name: 'contoso', tenantId: TENANT_ID },
  { name: 'fabrikam', tenantId: namedTenantId('fabrikam') },
];

describeFull('two replicas on one Azure Blob container', () => {
  let azurite: Azurite;
  let sim: Simulator;
  let connector: FakeConnector;
  let proxy: ConnectorProxy;
  const bots: BotProcess[] = [];
  const t0 = Date.now();

  beforeAll(async () => {
    azurite = await startAzurite();
    sim = await startSimulator({
      port: 0,
      tlsDir: TLS_DIR,
      scenario: 'empty',
      pageSize: 10,
      throttle: false,
      tenants: TENANTS.map((t) => ({ ...t, scenario: 'empty' })),
    });
    connector = await startFakeConnector({ onMessage: mirrorToGraph(sim) });
    proxy = await startConnectorProxy(connector.url);
  });
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.kill9()));
    await proxy?.close();
    await connector?.close();
    await sim?.close();
    await azurite?.stop();
  });

  const status = async (b: BotProcess) => (await b.getJson<Status>('/status')).body;

  /** Both running replicas agree on one leader; returns it. */
  async function agreedLeader(running: BotProcess[]): Promise<string> {
    return eventually(
      async () => {
        const all = await Promise.all(running.map(status));
        const leaders = all.filter((s) => s.leader.isLeader);
        const id = leaders[0]?.replicaId;
        return leaders.length === 1 && all.every((s) => s.leader.leaderId === id) && id;
      },
      90_000,
      'the replicas to agree on one leader',
    );
  }

  /** Each running replica holds one tenant; returns who holds which. */
  async function spread(running: BotProcess[]): Promise<Record<string, string>> {
    return eventually(
      async () => {
        const all = await Promise.all(running.map(status));
        const held = all.flatMap((s) => s.tenants.filter((t) => t.pollingHere).map((t) => [t.name, s.replicaId] as const)); // prettier-ignore
        const ok = held.length === TENANTS.length && all.every((s) => s.tenants.filter((t) => t.pollingHere).length === 1); // prettier-ignore
        return ok && Object.fromEntries(held);
      },
      90_000,
      'one tenant polled by each replica',
    );
  }

  /**
   * Kills the leader while pairs keep arriving (`add`); times the follower's takeover of the tenant the
   * leader polled (its first list request for it) and of the leadership.
   */
  async function failover(
    leader: BotProcess,
    follower: BotProcess,
    add: (n: number) => Promise<void>,
    orphan: { tenantId: string; followerId: string },
  ) {
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        await add(1);
        await new Promise((r) => setTimeout(r, 700));
      }
    })();
    await new Promise((r) => setTimeout(r, 2000));
    const killAt = Date.now();
    await leader.kill9();
    const unsettled = proxy.unsettledAt(Date.now(), 2000);
    const became = await follower.waitForLog((l) => l.msg === 'became leader', 120_000, '"became leader"');
    const firstPoll = await eventually(
      () =>
        sim.requestLog
          .entries({ op: 'list', tenantId: orphan.tenantId, replica: orphan.followerId, since: killAt })
          .find((e) => e.status === 200),
      60_000,
      "a poll of the killed replica's tenant by the other",
    );
    await new Promise((r) => setTimeout(r, 3000));
    feeding = false;
    await feeder;
    return { ledMs: Date.parse(became.time) - killAt, takeoverMs: firstPoll.at - killAt, unsettled };
  }

  it('posts every correlation once, fails over within the lease, and both name the leader', async () => {
    const container = `rel-${randomBytes(4).toString('hex')}`;
    const tenantsFile = join(mkdtempSync(join(tmpdir(), 'rel-tenants-')), 'tenants.json');
    writeFileSync(tenantsFile, JSON.stringify({ tenants: TENANTS }));
    const env = (replica: string) => ({
      TENANTS_FILE: tenantsFile,
      GRAPH_BASE_URL: sim.url,
      STORE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: container,
      LEADER_LEASE_SECONDS: String(LEASE_S),
      POLL_INTERVAL_SECONDS: '1',
      MAX_NEW_CARDS_PER_MINUTE: '1000',
      LOG_LEVEL: 'info',
      REPLICA_ID: replica,
    });
    const [a, b] = await Promise.all(['replica-a', 'replica-b'].map((r) => startBotProcess({ env: env(r) })));
    bots.push(a!, b!);
    const leaderId = await agreedLeader([a!, b!]);
    const [leader, follower] = leaderId === 'replica-a' ? [a!, b!] : [b!, a!];
    const followerId = leaderId === 'replica-a' ? 'replica-b' : 'replica-a';
    const holders = await spread([a!, b!]);
    const orphanName = Object.keys(holders).find((t) => holders[t] === leaderId)!;
    const orphan = { tenantId: TENANTS.find((t) => t.name === orphanName)!.tenantId, followerId };
    await subscribe(follower.post, proxy.url); // a follower serves Teams; the store is shared (all tenants)

    const expected = new Set<string>();
    let next = 0;
    // Pairs in both tenants (each its own tag: its own ids and users).
    const add = async (n: number) => {
      for (const t of TENANTS)
        for (const p of await addPairs(sim.tenant(t.name).alerts, `replica${t.name}`, next, n))
          expected.add(p.defender.id);
      next += n;
    };
    const allCarded = () => tallyCards(connector.cardsIn(DEFAULT_CHANNEL_ID), expected).missed.length === 0;
    await add(5);
    await eventually(allCarded, 60_000, 'the first cards');
    const before = tallyCards(connector.cardsIn(DEFAULT_CHANNEL_ID), expected).cards;
    const { ledMs, takeoverMs, unsettled } = await failover(leader, follower, add, orphan);
    expect((await status(follower)).leader.isLeader).toBe(true);
    await eventually(allCarded, 120_000, 'every card after the failover');

    // The killed replica comes back as a follower; both name the new leader.
    const back = await startBotProcess({ env: env(leaderId) });
    bots.push(back);
    const finalLeader = await agreedLeader([follower, back]);
    const statuses = await Promise.all([follower, back].map(status));

    const tally = tallyCards(connector.cardsIn(DEFAULT_CHANNEL_ID), expected);
    const windowIds = new Set(unsettled.map((s) => s.activityId));
    const orphans = tally.duplicates.flatMap((d) => d.activityIds.slice(0, -1));
    const inWindow = orphans.filter((id) => windowIds.has(id)).length;
    const figures = {
      leaderId,
      holders,
      before,
      ledMs,
      takeoverMs,
      tally,
      orphans: orphans.length,
      inWindow,
      statuses,
    };
    await writeSection('replicas', report(figures), Date.now() - t0);
    expect(tally.missed).toEqual([]);
    expect(orphans.length).toBe(inWindow);
    expect(finalLeader).toBe(follower.port === a!.port ? 'replica-a' : 'replica-b');
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_S * 1000 + RENEW_MS + SLACK_MS);
  }, 600_000);
});

function report(f: {
  leaderId: string;
  holders: Record<string, string>;
  before: number;
  ledMs: number;
  takeoverMs: number;
  tally: ReturnType<typeof tallyCards>;
  orphans: number;
  inWindow: number;
  statuses: Status[];
}): string {
  const named = f.statuses.map((s) => `${s.replicaId}: leader ${s.leader.leaderId}${s.leader.isLeader ? ' (itself)' : ''}`); // prettier-ignore
  return `Two replicas of the real bot (child processes, \`STORE=azure-blob\` on one Azurite container,
\`LEADER_LEASE_SECONDS=${LEASE_S}\`: renewals every ${secs(RENEW_MS)}), one simulator serving two tenants (contoso and
fabrikam, in a TENANTS_FILE; one polled by each replica), one subscribed channel (subscribed through the follower).
Correlated pairs arrive in both tenants every 0.7 s around the SIGKILL of the leader.

${table(
  ['figure', 'value'],
  [
    ['first leader', f.leaderId],
    [
      'tenants polled by',
      Object.entries(f.holders)
        .map(([t, r]) => `${t}: ${r}`)
        .join(', '),
    ],
    ['cards before the failover', f.before],
    ['kill -9 of the leader → the other logs "became leader"', secs(f.ledMs)],
    ["kill -9 of the leader → the other's first poll of the leader's tenant", secs(f.takeoverMs)],
    ['bound: lease + one renew interval', secs(LEASE_S * 1000 + RENEW_MS)],
    ['alerts that should have produced a card', f.tally.expected],
    ['root cards', f.tally.cards],
    ['missed', f.tally.missed.length],
    ['duplicates (of them inside the known window)', `${f.orphans} (${f.inWindow})`],
    ['/status after the killed replica restarted', named.join('; ')],
  ],
)}`;
}
