import { fetchSensitiveInfo } from '../../../src/graph';
import { featureReadiness } from '../../../src/permissions';
import { isDlpAlert, type SecurityAlert } from '../../../src/model';
import { startSimulator, type Simulator } from '../../../simulator';
import { clientFor, graphRequests, TLS_DIR } from './simulatorClient';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo', throttle: false });
});

afterAll(async () => {
  await sim.close();
});

/** UPNs and object ids named in an alert's evidence (the shapes of graph-security.md). */
function identities(alert: SecurityAlert): { upns: string[]; objectIds: string[] } {
  const upns = new Set<string>();
  const objectIds = new Set<string>();
  for (const e of alert.evidence) {
    const account = (e.userAccount ?? {}) as Record<string, unknown>;
    for (const v of [account.userPrincipalName, e.upn, e.primaryAddress])
      if (typeof v === 'string') upns.add(v);
    if (typeof account.azureAdUserId === 'string') objectIds.add(account.azureAdUserId);
  }
  return { upns: [...upns], objectIds: [...objectIds] };
}

function dlpTarget(alert: SecurityAlert) {
  return {
    dlpAlertId: alert.id,
    ...identities(alert),
    from: alert.firstActivityDateTime ?? alert.createdDateTime,
    to: alert.lastActivityDateTime ?? alert.createdDateTime,
    additionalData: alert.additionalData ?? null,
  };
}

describe('fetchSensitiveInfo against the simulator', () => {
  it('finds the sensitive info types of DLP alerts without returning a single detected value', async () => {
    const { client, log } = clientFor(sim);
    const dlp = sim.alerts.all().filter(isDlpAlert).slice(0, 5);
    expect(dlp.length).toBeGreaterThan(0);
    const results = [];
    for (const alert of dlp)
      results.push(await fetchSensitiveInfo(client, dlpTarget(alert), { logger: log.logger }));
    const found = results.filter((r) => r.source === 'DataSecurityEvents' || r.source === 'CloudAppEvents');
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) for (const t of r.types) expect(t.name).not.toBe('');
    const everything = JSON.stringify(results) + log.text();
    const detected = sim.detectedValues();
    expect(detected.length).toBeGreaterThan(0);
    for (const value of detected) expect(everything).not.toContain(value);
  });

  it('says the app lacks ThreatHunting.Read.All when its token does not carry it', async () => {
    const roles = ['SecurityAlert.ReadWrite.All', 'GroupMember.Read.All'];
    const { client } = clientFor(sim, { roles });
    await expect(client.runHuntingQuery('DataSecurityEvents | take 1')).rejects.toMatchObject({
      status: 403,
      reason: 'forbidden',
    });
    const alert = sim.alerts.all().find(isDlpAlert)!;
    const result = await fetchSensitiveInfo(client, { ...dlpTarget(alert), additionalData: null });
    expect(result).toMatchObject({ source: 'none', types: [] });
    expect(result.reason).toContain('the app lacks ThreatHunting.Read.All');
    expect(featureReadiness(await client.grantedRoles()).sensitiveInfo.message).toBe(
      'missing ThreatHunting.Read.All',
    );
  });

  it('explains an empty window in plain words', async () => {
    const { client } = clientFor(sim);
    sim.clearRequests();
    const result = await fetchSensitiveInfo(client, {
      dlpAlertId: 'dl-none',
      upns: ['nobody@contoso.com'],
      objectIds: [],
      from: '2020-01-01T00:00:00Z',
      to: '2020-01-01T00:10:00Z',
    });
    expect(result.source).toBe('none');
    expect(result.reason).toMatch(
      /^no DLP rule-match rows for nobody@contoso.com between 2019-12-31T23:55:00Z and/,
    );
    expect(graphRequests(sim, /runHuntingQuery$/)).toHaveLength(2);
  });
});
