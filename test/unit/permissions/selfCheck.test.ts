import { FakeClock } from '../../helpers/clocks';
import { CardActionError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { statusCard } from '../../../src/cards';
import { statusCardView, type StatusReport, type TenantStatus } from '../../../src/ops';
import { PermissionMissingError, Permissions } from '../../../src/permissions';

const ALL = [
  'SecurityAlert.Read.All',
  'SecurityAlert.ReadWrite.All',
  'ThreatHunting.Read.All',
  'GroupMember.Read.All',
  'SecurityIncident.Read.All',
];

async function permissionsWith(
  roles: string[] | undefined | Error,
  unused: ConstructorParameters<typeof Permissions>[3] = {},
): Promise<Permissions> {
  const graph = {
    grantedRoles: async () => {
      if (roles instanceof Error) throw roles;
      return roles;
    },
  };
  const p = new Permissions(graph, new FakeClock(), silentLogger(), unused);
  await p.check();
  return p;
}

const without = (...gone: string[]): string[] => ALL.filter((r) => !gone.includes(r));

describe('the permission self-check', () => {
  it('reports every feature ready when the token has every role', async () => {
    const report = (await permissionsWith(ALL)).report();
    expect(Object.keys(report).sort()).toEqual([
      'actions',
      'alerts',
      'groupAccess',
      'incidents',
      'sensitiveInfo',
    ]);
    for (const f of Object.values(report))
      expect(f).toMatchObject({ ready: true, missing: [], message: 'ready' });
  });

  it.each([
    ['actions', 'SecurityAlert.ReadWrite.All', ['SecurityAlert.ReadWrite.All']],
    ['sensitiveInfo', 'ThreatHunting.Read.All', ['ThreatHunting.Read.All']],
    ['groupAccess', 'GroupMember.Read.All', ['GroupMember.Read.All']],
    ['alerts', 'SecurityAlert.Read.All', ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All']],
  ])('names the missing permission of %s', async (feature, missing, removed) => {
    const report = (await permissionsWith(without(...removed))).report();
    expect(report[feature]).toMatchObject({ ready: false, missing: [missing], inUse: true });
    expect(report[feature]!.message).toContain(missing);
  });

  it('marks a feature this configuration does not use, and says why', async () => {
    const p = await permissionsWith(without('GroupMember.Read.All'), {
      unused: { groupAccess: 'SOC_ANALYST_GROUP_ID is not set' },
    });
    expect(p.report().groupAccess).toEqual({
      ready: false,
      missing: ['GroupMember.Read.All'],
      message:
        'missing one of GroupMember.Read.All, Group.Read.All, Directory.Read.All (not used: SOC_ANALYST_GROUP_ID is not set)',
      inUse: false,
    });
  });

  it('adds a token entry when the token cannot be read, and lets requests through (Graph decides)', async () => {
    const p = await permissionsWith(new Error('AADSTS7000215: Invalid client secret'));
    expect(p.report().token).toMatchObject({
      ready: false,
      message: expect.stringContaining('AADSTS7000215'),
    });
    expect(p.allows('listAlerts')).toBe(true);
  });

  it('lets every request through when the token carries no readable roles (an opaque token)', async () => {
    const p = await permissionsWith(undefined);
    expect(p.allows('runHuntingQuery')).toBe(true);
    expect(p.report().sensitiveInfo!.message).toContain('not checked');
  });

  it('refuses an operation whose permission is missing with the permission to grant', async () => {
    const p = await permissionsWith(without('ThreatHunting.Read.All'));
    expect(p.allows('runHuntingQuery')).toBe(false);
    expect(p.allows('listAlerts')).toBe(true);
    let thrown: unknown;
    try {
      p.guard('runHuntingQuery');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(PermissionMissingError);
    expect(thrown).not.toBeInstanceOf(CardActionError);
    expect(thrown).toMatchObject({ code: 'permission_missing' });
    expect(thrown).toMatchObject({ missing: 'ThreatHunting.Read.All', feature: 'sensitiveInfo' });
    expect((thrown as Error).message).toBe(
      "Not sent to Microsoft Graph: advanced hunting (sensitive info types) needs the application permission ThreatHunting.Read.All, which the bot's token lacks. Grant it to the app registration and give admin consent.",
    );
  });

  it('switches the card buttons off with the reason', async () => {
    const p = await permissionsWith(without('SecurityAlert.ReadWrite.All', 'ThreatHunting.Read.All'));
    expect(p.cardFeatures()).toEqual({
      actions: 'missing Graph permission SecurityAlert.ReadWrite.All',
      sit: 'missing Graph permission ThreatHunting.Read.All',
    });
    expect((await permissionsWith(ALL)).cardFeatures()).toEqual({ actions: undefined, sit: undefined });
  });

  it('sees a newly granted permission at the next check', async () => {
    let roles = without('SecurityAlert.ReadWrite.All');
    const p = new Permissions({ grantedRoles: async () => roles }, new FakeClock(), silentLogger());
    await p.check();
    expect(p.allows('addComment')).toBe(false);
    roles = ALL;
    await p.check();
    expect(p.allows('addComment')).toBe(true);
  });
});

describe('the /status card view of the features', () => {
  it('lists used features as they are and leaves off an unused one whose permission is missing', async () => {
    const p = await permissionsWith(without('GroupMember.Read.All', 'ThreatHunting.Read.All'), {
      unused: { groupAccess: 'SOC_ANALYST_GROUP_ID is not set' },
    });
    const view = statusCardView({ ...baseReport(), features: p.report() });
    expect(Object.keys(view.features).sort()).toEqual(['actions', 'alerts', 'incidents', 'sensitiveInfo']);
    expect(view.features.sensitiveInfo).toMatchObject({ ready: false, missing: ['ThreatHunting.Read.All'] });
  });

  it('passes the certificate days left to the card', () => {
    const view = statusCardView({
      ...baseReport(),
      certificate: { expiresAt: '2026-12-01T00:00:00.000Z', daysLeft: 4.9 },
    });
    expect(view.certificateDaysLeft).toBe(4.9);
  });
});

describe('the /status card view with several tenants', () => {
  const tenant = (name: string, o: Partial<TenantStatus> = {}): TenantStatus => ({
    name,
    displayName: name,
    tenantId: `${name}-id`,
    polledBy: 'r1',
    pollingHere: true,
    lastCycleCompletedAt: '2026-11-20T12:00:50.000Z',
    lastError: null,
    watermark: null,
    trackedAlerts: 3,
    missingPermissions: [],
    ...o,
  });

  const FILE = { path: 't.yaml', lastError: null, refused: 0 };

  it('summarises every tenant instead of one tenant’s poller, naming each problem', () => {
    const view = statusCardView({
      ...baseReport(), // built at 12:01:00, a 60 s interval
      tenants: [
        tenant('contoso'),
        tenant('fabrikam', { lastError: 'Graph answered 401 (consent revoked)' }),
        tenant('northwind', { lastCycleCompletedAt: '2026-11-20T11:50:00.000Z' }),
        tenant('tailspin', { pollingHere: false, polledBy: 'r2', lastCycleCompletedAt: null }),
        tenant('woodgrove', { pollingHere: false, polledBy: null, missingPermissions: ['SecurityAlert.Read.All'] }), // prettier-ignore
      ],
      spread: { live: ['r1', 'r2'], share: 3, held: 3 },
      tenantsFile: { path: 't.yaml', lastError: { at: '2026-11-20T12:00:30.000Z', issues: ['tenants[2].tenantId: not a GUID'] }, refused: 1 }, // prettier-ignore
    });
    expect(view.tenants).toEqual({
      total: 5,
      pollingHere: 3,
      liveReplicas: 2,
      unheld: ['woodgrove'],
      failing: [{ name: 'fabrikam', error: 'Graph answered 401 (consent revoked)' }],
      stale: [{ name: 'northwind', lastSuccessAt: '2026-11-20T11:50:00.000Z' }],
      missingPermissions: [{ name: 'woodgrove', missing: ['SecurityAlert.Read.All'] }],
      refusedEdit: 'tenants[2].tenantId: not a GUID (at 2026-11-20T12:00:30.000Z)',
    });
    // One tenant's figures are not shown as the bot's.
    expect(view.poller).toEqual({ intervalSeconds: 60 });
    expect(view.counts).toEqual({ subscriptions: 0 });
    // The card's text, its Markdown escapes taken out.
    const t = JSON.stringify(statusCard(view, Date.parse('2026-11-20T12:01:00.000Z'))).replace(/\\\\/g, '');
    expect(t).toContain('Tenant fabrikam: last poll failed: Graph answered 401');
    expect(t).toContain('No recent successful poll: northwind (oldest 11 min ago)');
    expect(t).toContain('Not polled by any replica yet: woodgrove');
    expect(t).toContain('Consent lacks permissions: woodgrove (SecurityAlert.');
    expect(t).toContain('TENANTS_FILE edit refused');
    expect(t).toContain('3 (1 healthy)');
    expect(t).toContain('/tenants');
    expect(t).not.toContain('Watermark');
  });

  it('is healthy when every tenant polled here is, and names at most five per line', () => {
    const many = Array.from({ length: 8 }, (_, i) => tenant(`t${i}`, { polledBy: null, pollingHere: false }));
    const view = statusCardView({ ...baseReport(), tenants: [tenant('contoso'), ...many], spread: { live: ['r1'], share: 9, held: 1 }, tenantsFile: FILE }); // prettier-ignore
    expect(view.tenants?.failing).toEqual([]);
    const t = JSON.stringify(statusCard(view, Date.parse('2026-11-20T12:01:00.000Z')));
    expect(t).toContain('Not polled by any replica yet: t0, t1, t2, t3, t4 and 3 more');
    const healthy = statusCardView({ ...baseReport(), tenants: [tenant('contoso')], tenantsFile: FILE });
    expect(healthy.tenants).toMatchObject({ unheld: [], liveReplicas: 1, failing: [], stale: [] });
  });

  it('keeps the poller’s own figures for the one tenant configured without TENANTS_FILE', () => {
    const view = statusCardView({ ...baseReport(), tenants: [tenant('default')] });
    expect(view.tenants).toBeUndefined();
    const t = JSON.stringify(statusCard(view, Date.parse('2026-11-20T12:01:00.000Z')));
    expect(t).toContain('Poller');
    expect(t).toContain('Watermark');
    expect(t).not.toContain('Polled here');
  });
});

function baseReport(): StatusReport {
  return {
    name: 'defender-dlp-bot',
    version: '0.1.0',
    startedAt: '2026-11-20T12:00:00.000Z',
    uptimeSeconds: 60,
    replicaId: 'r1',
    leader: { isLeader: true, leaderId: 'r1' },
    store: { kind: 'memory', detail: 'in memory' },
    poller: {
      running: true,
      lastCycleStartedAt: null,
      lastCycleCompletedAt: null,
      lastCycleAlerts: 0,
      lastCycleDurationMs: 0,
      lastCycleChanges: 0,
      lastCyclePages: 0,
      lastError: null,
      consecutiveFailures: 0,
      cycles: 0,
      watermark: null,
      nextCycleAt: null,
      trackedAlerts: 0,
    },
    notifier: null,
    features: {},
    certificate: null,
    subscriptions: 0,
    pollIntervalSeconds: 60,
  };
}
