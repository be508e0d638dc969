import type { AuditEntry } from '../../../src/analyst/types';
import { alertKey, AUDIT_PREFIX } from '../../../src/records';
import { ReportService } from '../../../src/report';
import { MemoryStore } from '../../../src/store';
import { audit, defender, dlp, HOUR, MIN, T0 } from './fixtures';

/**
 * A managed SOC's report over several tenants. Alert ids are unique within one tenant only, so the
 * report matches the audit log by tenant and id, and a report for some tenants counts only their actions.
 */
describe('the shift report over several tenants', () => {
  const window = { from: T0, to: T0 + 12 * HOUR, now: T0 + 12 * HOUR };
  // The same ids in both tenants (each tenant's Graph numbers its own alerts).
  const dlpA = dlp(T0 + HOUR, { id: 'dl-same', title: 'DLP policy match: Contoso finance' });
  const alertA = defender(T0 + HOUR, [dlpA], 'alice@contoso.com', { id: 'da-same' });
  const dlpB = dlp(T0 + HOUR, { id: 'dl-same', title: 'DLP policy match: Fabrikam HR' });
  const alertB = defender(T0 + HOUR, [dlpB], 'bob@fabrikam.com', { id: 'da-same' });

  async function storeWith(...alerts: ReturnType<typeof dlp>[]) {
    const store = new MemoryStore();
    for (const a of alerts) await store.put(alertKey(a.id), a);
    return store;
  }

  async function service(entries: AuditEntry[]) {
    const global = new MemoryStore();
    for (const [i, e] of entries.entries())
      await global.put(`${AUDIT_PREFIX}${String(i).padStart(15, '0')}`, e);
    const contoso = await storeWith(dlpA, alertA);
    const fabrikam = await storeWith(dlpB, alertB);
    return new ReportService({
      store: global,
      showTenants: true,
      tenants: () => [
        { name: 'contoso', displayName: 'Contoso', store: contoso },
        { name: 'fabrikam', displayName: 'Fabrikam', store: fabrikam },
      ],
    });
  }

  const inB = (e: AuditEntry): AuditEntry => ({ ...e, tenant: 'fabrikam' });

  it("does not take one tenant's action for another's alert of the same id", async () => {
    const reports = await service([
      inB(
        audit(T0 + 2 * HOUR, 'alert.setStatus', 'da-same', {
          who: 'Riley Chen',
          detail: 'status=inProgress',
        }),
      ),
    ]);
    const report = await reports.report(window);
    expect(report.total).toBe(2);
    // Only Fabrikam's alert was acted on: one waits.
    expect(report.firstAction.waiting).toBe(1);
    expect(report.firstAction.viaBot).toBe(1);
    expect(report.tenants).toEqual([
      expect.objectContaining({ name: 'contoso', total: 1, waiting: 1 }),
      expect.objectContaining({ name: 'fabrikam', total: 1, waiting: 0 }),
    ]);
  });

  it("names each correlation's DLP alert from its own tenant", async () => {
    const report = await (await service([])).report(window);
    expect(report.topPolicies.map((p) => p.label).sort()).toEqual([
      'DLP policy match: Contoso finance',
      'DLP policy match: Fabrikam HR',
    ]);
  });

  it("leaves another tenant's analysts out of a report for one tenant", async () => {
    const reports = await service([
      inB(
        audit(T0 + 2 * HOUR, 'alert.setStatus', 'da-same', {
          who: 'Riley Chen',
          detail: 'status=inProgress',
        }),
      ),
      { ...audit(T0 + 3 * HOUR, 'alert.comment', 'da-same', { who: 'Sam Ito' }), tenant: 'contoso' },
    ]);
    const report = await reports.report({ ...window, tenants: ['contoso'] });
    expect(report.analysts.map((a) => a.name)).toEqual(['Sam Ito']);
    expect(report.firstAction.viaBot).toBe(1);
    expect(report.firstAction.waiting).toBe(0);
  });

  it('matches an entry that names no tenant (written before entries did) by id, as before', async () => {
    const reports = await service([audit(T0 + 2 * HOUR + MIN, 'alert.enrich', 'da-same')]);
    const report = await reports.report(window);
    expect(report.firstAction.waiting).toBe(0);
    expect(report.firstAction.viaBot).toBe(2);
  });
});
