/**
 * Many tenants in one process (issue 21): the real service with TENANTS_FILE polls the Graph simulator,
 * which serves each tenant from its own alerts and refuses a tenant whose consent was revoked.
 * - the same UPN in two tenants is two people: no correlation crosses tenants;
 * - each tenant's state lives under its own keys; each tenant's token asks only for its own alerts;
 * - a tenant with a broken credential shows its error and never stops the others.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageActivity } from '../../helpers/activities';
import { iso, makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID, DEFAULT_MEMBERS } from '../../helpers/teams/defaults';
import { namedTenantId, TENANT_ID } from '../../../simulator';
import type { SecurityAlert } from '../../../src/model';

const MINUTE = 60_000;
const FABRIKAM = namedTenantId('fabrikam');
const WOODGROVE = namedTenantId('woodgrove');
let stack: Stack;
let file: string;
const NORTHWIND = namedTenantId('northwind');

function times(startMin: number): Partial<SecurityAlert> {
  const now = Date.now();
  return {
    firstActivityDateTime: iso(now - startMin * MINUTE),
    lastActivityDateTime: iso(now - startMin * MINUTE),
    createdDateTime: iso(now - MINUTE),
    lastUpdateDateTime: iso(now),
  };
}

const cardsNaming = (text: string) =>
  stack.connector
    .cardsIn(DEFAULT_CHANNEL_ID)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(text));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
  file = join(dir, 'tenants.yaml');
  writeFileSync(
    file,
    [
      'tenants:',
      `  - { name: contoso, tenantId: ${TENANT_ID}, displayName: Contoso }`,
      `  - { name: fabrikam, tenantId: ${FABRIKAM}, displayName: Fabrikam }`,
      `  - { name: woodgrove, tenantId: ${WOODGROVE}, displayName: Woodgrove Bank }`,
      '',
    ].join('\n'),
  );
  stack = await startStack({
    scenario: 'empty',
    env: { TENANTS_FILE: file },
    simulator: {
      tenants: [
        { tenantId: TENANT_ID, name: 'contoso', scenario: 'empty' },
        { tenantId: FABRIKAM, name: 'fabrikam', scenario: 'empty' },
        { tenantId: WOODGROVE, name: 'woodgrove', scenario: 'empty', revoked: true },
        { tenantId: NORTHWIND, name: 'northwind', scenario: 'empty' },
      ],
    },
  });
  const activity = messageActivity({
    serviceUrl: stack.connector.url,
    scope: 'channel',
    channelId: DEFAULT_CHANNEL_ID,
    text: '/subscribe',
    from: DEFAULT_MEMBERS[0],
  });
  expect((await stack.post(activity)).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
});

describe('one bot, several customer tenants', () => {
  it('never correlates a Defender alert with a DLP alert of another tenant, even for the same UPN', async () => {
    const upn = 'megan.bowen@shared.example';
    const contosoDefender = makeAlert({
      title: 'Suspicious inbox forwarding rule',
      evidence: [userEvidence({ upn })],
      ...times(10),
    });
    const fabrikamDlp = makeDlpAlert({
      title: 'DLP policy match: fabrikam payroll',
      evidence: [userEvidence({ upn, roles: ['policyViolator'] })],
      ...times(8),
    });
    stack.sim.tenant('contoso').alerts.add(contosoDefender);
    stack.sim.tenant('fabrikam').alerts.add(fabrikamDlp);
    // Both tenants are polled and track their own alert...
    await eventually(
      () => {
        const tenants = stack.bot.fleet.status().tenants;
        const polled = tenants.filter((t) => t.name !== 'woodgrove' && t.trackedAlerts >= 1);
        return polled.length === 2 ? tenants : undefined;
      },
      20_000,
      'both healthy tenants polled',
    );
    // ...and a correlation inside contoso still works (its own DLP alert, later).
    const contosoDlp = makeDlpAlert({
      title: 'DLP policy match: contoso contracts',
      evidence: [userEvidence({ upn, roles: ['policyViolator'] })],
      ...times(5),
    });
    stack.sim.tenant('contoso').alerts.add(contosoDlp);
    const [card] = await eventually(
      () => {
        const found = cardsNaming(contosoDefender.id);
        return found.length > 0 ? found : undefined;
      },
      20_000,
      "contoso's card",
    );
    const json = JSON.stringify(card!.card);
    expect(json).toContain('DLP policy match: contoso contracts');
    expect(json).not.toContain('fabrikam payroll');
    expect(json).toContain('1 correlated DLP alert');
    // The fabrikam DLP alert is tracked under fabrikam's keys and matched nothing there.
    const fabrikam = stack.bot.fleet.get('fabrikam')!;
    expect((await fabrikam.alerts.tracked(fabrikamDlp.id))?.matches ?? []).toEqual([]);
    expect(await fabrikam.alerts.tracked(contosoDefender.id)).toBeUndefined();
    expect(await stack.bot.fleet.get('contoso')!.alerts.tracked(fabrikamDlp.id)).toBeUndefined();
  });

  it("asks Graph for each tenant's alerts with that tenant's token, naming the replica", () => {
    const lists = stack.sim.requestLog.entries({ op: 'list' });
    const tenants = new Set(lists.map((e) => e.tenantId));
    expect(tenants).toEqual(new Set([TENANT_ID, FABRIKAM]));
    expect(new Set(lists.map((e) => e.replica))).toEqual(new Set(['test-replica']));
  });

  it('isolates a tenant whose consent was revoked: its error is shown, the others keep polling', async () => {
    const status = await eventually(
      () => {
        const s = stack.bot.fleet.status().tenants;
        return s.find((t) => t.name === 'woodgrove')?.lastError ? s : undefined;
      },
      20_000,
      "woodgrove's error",
    );
    const woodgrove = status.find((t) => t.name === 'woodgrove')!;
    // One tenant's failing polls never take the replica out of rotation.
    expect((await fetch(`${stack.bot.url}/readyz`)).status).toBe(200);
    expect(woodgrove.lastError).toMatch(/AADSTS7000229|revoked|401|consent|service principal/i);
    expect(woodgrove.pollingHere).toBe(true);
    const before = stack.bot.fleet.status().tenants.find((t) => t.name === 'contoso')!.lastCycleCompletedAt;
    await eventually(
      () => {
        const now = stack.bot.fleet.status().tenants.find((t) => t.name === 'contoso')!.lastCycleCompletedAt;
        return now && now !== before ? now : undefined;
      },
      20_000,
      'another contoso cycle',
    );
  });

  it('reports the poll gauges of /metrics per tenant polled here', async () => {
    const body = await (await fetch(`${stack.bot.url}/metrics`)).text();
    const value = (series: string): number | undefined => {
      const line = body.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const now = Date.now() / 1000;
    for (const t of ['contoso', 'fabrikam']) {
      expect(value(`dlpbot_tracked_alerts{tenant="${t}"}`)).toBeGreaterThanOrEqual(1);
      expect(value(`dlpbot_poll_last_success_timestamp_seconds{tenant="${t}"}`)).toBeGreaterThan(now - 120);
    }
    // The revoked tenant never completed a poll: its own series says so (0), the others' stay current.
    expect(value('dlpbot_poll_last_success_timestamp_seconds{tenant="woodgrove"}')).toBe(0);
    expect(value('dlpbot_tracked_alerts')).toBeUndefined(); // no unlabelled series beside them
  });

  it('answers /status with every tenant', async () => {
    const res = await fetch(`${stack.bot.url}/status`);
    const body = (await res.json()) as { tenants: Array<{ name: string; tenantId: string }> };
    expect(body.tenants.map((t) => [t.name, t.tenantId])).toEqual([
      ['contoso', TENANT_ID],
      ['fabrikam', FABRIKAM],
      ['woodgrove', WOODGROVE],
    ]);
  });
});

describe('TENANTS_FILE re-read on change', () => {
  const lines = (extra: string[]) =>
    [
      'tenants:',
      `  - { name: contoso, tenantId: ${TENANT_ID}, displayName: Contoso }`,
      `  - { name: fabrikam, tenantId: ${FABRIKAM}, displayName: Fabrikam }`,
      `  - { name: woodgrove, tenantId: ${WOODGROVE}, displayName: Woodgrove Bank }`,
      ...extra,
      '',
    ].join('\n');

  it('refuses a bad edit with every problem and keeps the tenants in force', async () => {
    writeFileSync(file, lines(['  - { name: Not_A_Name, tenantId: nope }']));
    const status = await eventually(
      async () => {
        const body = (await (await fetch(`${stack.bot.url}/status`)).json()) as {
          tenants: Array<{ name: string }>;
          tenantsFile?: { lastError: { issues: string[] } | null; refused: number };
        };
        return body.tenantsFile?.lastError ? body : undefined;
      },
      20_000,
      'the refused edit in /status',
    );
    expect(status.tenantsFile!.lastError!.issues.join('\n')).toMatch(/tenants\[3\]/);
    expect(status.tenants.map((t) => t.name)).toEqual(['contoso', 'fabrikam', 'woodgrove']);
  });

  it('applies a good edit without a restart: a new tenant is polled', async () => {
    writeFileSync(file, lines([`  - { name: northwind, tenantId: ${NORTHWIND}, displayName: Northwind }`]));
    await eventually(
      () => {
        const t = stack.bot.fleet.status().tenants.find((x) => x.name === 'northwind');
        return t?.lastCycleCompletedAt ? t : undefined;
      },
      20_000,
      'northwind polled',
    );
    const lists = stack.sim.requestLog.entries({ op: 'list', tenantId: NORTHWIND });
    expect(lists.length).toBeGreaterThan(0);
  });
});
