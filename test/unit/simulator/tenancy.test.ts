import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs } from '../../../simulator/cliArgs';
import { generateAlerts, SOC_ANALYSTS_GROUP_ID, TENANT_ID } from '../../../simulator/scenario';
import {
  namedTenantId,
  rebrand,
  RequestLog,
  resolveTenants,
  toScenarioIds,
} from '../../../simulator/tenancy';

const FABRIKAM = { tenantId: namedTenantId('fabrikam'), name: 'fabrikam' };
const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('rebrand', () => {
  const demo = generateAlerts('demo', 42, NOW);

  it("leaves the scenario's own tenant untouched (today's single tenant)", () => {
    expect(rebrand(demo, { tenantId: TENANT_ID, name: 'contoso' })).toBe(demo);
  });

  it("gives another tenant its id, its names and its own object ids, keeping the SOC group's id", () => {
    const f = rebrand(demo, FABRIKAM);
    const text = JSON.stringify(f);
    expect(text).not.toMatch(/contoso/i);
    expect(text).not.toContain(TENANT_ID);
    expect(f.directory.tenantId).toBe(FABRIKAM.tenantId);
    expect(f.directory.users[0]!.id).not.toBe(demo.directory.users[0]!.id);
    expect(f.directory.groups.map((g) => g.id)).toContain(SOC_ANALYSTS_GROUP_ID);
    expect(f.alerts.map((a) => a.id)).not.toContain(demo.alerts[0]!.id);
    expect(f.alerts).toHaveLength(demo.alerts.length);
  });

  it('maps ids consistently, so the planted matches still name alerts of the tenant', () => {
    const f = rebrand(demo, FABRIKAM);
    const ids = new Set(f.alerts.map((a) => a.id));
    for (const m of f.truth.matches) {
      expect(ids.has(m.defenderAlertId)).toBe(true);
      expect(ids.has(m.dlpAlertId)).toBe(true);
    }
  });

  it("reads the tenant's ids back as the scenario's (what the live feed works on)", () => {
    const f = rebrand(demo.alerts, FABRIKAM);
    expect(toScenarioIds(f, FABRIKAM).map((a) => a.id)).toEqual(demo.alerts.map((a) => a.id));
    expect(toScenarioIds(f, FABRIKAM)[0]!.tenantId).toBe(TENANT_ID);
  });
});

describe('RequestLog', () => {
  const entry = (
    at: number,
    tenantId: string,
    replica: string | undefined,
    op: 'list' | 'patch' = 'list',
  ) => ({
    at,
    tenantId,
    replica,
    op,
    method: 'GET',
    path: '/v1.0/security/alerts_v2',
  });
  const add = (log: RequestLog, ...args: Parameters<typeof entry>) => {
    const e = log.record(entry(...args));
    log.settle(e, args[1], 200);
  };

  it('keeps the last `capacity` entries, oldest first, and counts every one', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) add(log, i, 't1', 'r1');
    expect(log.entries().map((e) => e.at)).toEqual([2, 3, 4]);
    expect(log.counts()).toEqual([{ tenantId: 't1', replica: 'r1', op: 'list', count: 5 }]);
    log.clear();
    expect([log.entries(), log.counts()]).toEqual([[], []]);
  });

  it('filters by tenant (any case), replica, operation and time', () => {
    const log = new RequestLog();
    add(log, 1, 'T1', 'r1');
    add(log, 2, 't2', 'r1');
    add(log, 3, 't1', 'r2', 'patch');
    expect(log.entries({ tenantId: 't1' }).map((e) => e.at)).toEqual([1, 3]);
    expect(log.entries({ replica: 'r1', since: 2 }).map((e) => e.at)).toEqual([2]);
    expect(log.entries({ op: 'patch' }).map((e) => e.at)).toEqual([3]);
  });

  it('counts a listing as a double poll when another replica listed that tenant within the interval', () => {
    const log = new RequestLog();
    add(log, 0, 't1', 'r1');
    add(log, 10, 't1', 'r1'); // same replica, next page: fine
    add(log, 20, 't2', 'r2'); // another tenant: fine
    add(log, 30, 't1', 'r2'); // r1 listed t1 20 ms ago: double
    add(log, 200, 't1', 'r1'); // r2 listed t1 170 ms ago: outside a 100 ms interval
    add(log, 210, 't1', undefined); // no header is a replica of its own: double
    expect(log.doublePolls(100)).toBe(2);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RequestLog(0)).toThrow('capacity must be a positive integer');
  });
});

describe('resolveTenants', () => {
  it('is one Contoso tenant without tenant options', () => {
    expect(resolveTenants({ tlsDir: 'x' }, 'demo', 7)).toEqual([
      {
        tenantId: TENANT_ID,
        name: 'contoso',
        domains: ['contoso.onmicrosoft.com', 'contoso.com'],
        scenario: 'demo',
        seed: 7,
      },
    ]);
  });

  it('reports every bad entry and every duplicate at once', () => {
    const run = () =>
      resolveTenants(
        {
          tlsDir: 'x',
          tenants: [
            { tenantId: 'not-a-guid', name: 'Contoso' },
            { tenantId: FABRIKAM.tenantId, name: 'fabrikam', scenario: 'nope' },
            { tenantId: FABRIKAM.tenantId, name: 'fabrikam2' },
          ],
        },
        'demo',
        1,
      );
    expect(run).toThrow(/tenants\[0\]\.tenantId: must be a GUID/);
    expect(run).toThrow(/tenants\[0\]\.name: must match/);
    expect(run).toThrow(/tenants\[1\]\.scenario: must be empty, demo, live or scale:<n>/);
    expect(run).toThrow(/tenants\[2\]: '.*' already names tenants\[1\]/);
  });

  it('refuses tenants with tenantCount, and a tenantCount out of range', () => {
    expect(() => resolveTenants({ tlsDir: 'x', tenants: [FABRIKAM], tenantCount: 2 }, 'demo', 1)).toThrow(
      'give tenants or tenantCount, not both',
    );
    expect(() => resolveTenants({ tlsDir: 'x', tenantCount: 0 }, 'demo', 1)).toThrow('tenantCount must be');
  });

  it('gives generated tenants distinct seeds and the trickle', () => {
    const ts = resolveTenants({ tlsDir: 'x', tenantCount: 3, tenantTrickleMs: 5000 }, 'demo', 1);
    expect(ts.map((t) => t.name)).toEqual(['tenant-001', 'tenant-002', 'tenant-003']);
    expect(new Set(ts.map((t) => t.seed)).size).toBe(3);
    expect(ts.every((t) => t.trickleMs === 5000 && t.scenario === 'scale:10')).toBe(true);
  });
});

describe('simulator CLI --tenants', () => {
  const base = ['--tls-dir', '/tmp/tls'];

  it('takes a count, names or a file, and nothing by default', () => {
    expect(parseCliArgs(base).tenants).toBeUndefined();
    expect(parseCliArgs([...base, '--tenants', '300', '--tenant-trickle-ms', '60000'])).toMatchObject({
      tenantCount: 300,
      tenantTrickleMs: 60000,
    });
    expect(parseCliArgs([...base, '--tenants', 'contoso,fabrikam']).tenants).toEqual([
      { tenantId: TENANT_ID, name: 'contoso' },
      { tenantId: FABRIKAM.tenantId, name: 'fabrikam' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sim-tenants-'));
    writeFileSync(
      join(dir, 't.yaml'),
      `tenants:\n  - tenantId: ${FABRIKAM.tenantId}\n    name: fabrikam\n    revoked: true\n`,
    );
    expect(parseCliArgs([...base, '--tenants', join(dir, 't.yaml')]).tenants).toEqual([
      { tenantId: FABRIKAM.tenantId, name: 'fabrikam', revoked: true },
    ]);
  });

  it('refuses a bad name, an unreadable file and trickle options without a count', () => {
    expect(() => parseCliArgs([...base, '--tenants', 'Contoso'])).toThrow("'Contoso' is not a tenant name");
    expect(() => parseCliArgs([...base, '--tenants', '/nonexistent/t.json'])).toThrow(
      'cannot read /nonexistent/t.json',
    );
    expect(() => parseCliArgs([...base, '--tenant-trickle-ms', '5'])).toThrow('need --tenants <n>');
  });
});
