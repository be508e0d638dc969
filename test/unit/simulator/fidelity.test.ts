import type { SecurityAlert } from '../../../src/model';
import { HuntingQuota, QUOTA_WINDOW_MS, resolveFidelity } from '../../../simulator/fidelity';
import { presentAlert } from '../../../simulator/routes/present';
import { HuntingStore } from '../../../simulator/state';

const base: SecurityAlert = {
  id: 'a1',
  createdDateTime: '2026-11-20T10:00:00Z',
  lastUpdateDateTime: '2026-11-20T10:00:00Z',
  severity: 'high',
  status: 'new',
  serviceSource: 'microsoftThreatIntelligence',
  detectionSource: 'microsoftThreatIntelligence',
  productName: 'Microsoft Defender XDR',
  comments: [],
  evidence: [],
};

describe('how the simulator names alert sources', () => {
  const unpublished = resolveFidelity(undefined, 'demo').unpublishedSources;

  it('answers a source newer than the API version as unknownFutureValue even with the Prefer header', () => {
    const shown = presentAlert(base, true, unpublished);
    expect(shown.serviceSource).toBe('unknownFutureValue');
    // The detectionSource member is published (after the sentinel): the header brings it.
    expect(shown.detectionSource).toBe('microsoftThreatIntelligence');
    expect(presentAlert(base, false, unpublished).detectionSource).toBe('unknownFutureValue');
  });

  it('answers a value Graph never published as unknownFutureValue whatever the request says', () => {
    const copilot = {
      ...base,
      serviceSource: 'microsoftSecurityCopilot',
      detectionSource: 'securityCopilot',
    };
    expect(presentAlert(copilot, true, new Set())).toMatchObject({
      serviceSource: 'unknownFutureValue',
      detectionSource: 'unknownFutureValue',
      productName: 'Microsoft Defender XDR',
    });
  });

  it('sends the other late members with the header, as Graph does', () => {
    const irm = { ...base, serviceSource: 'microsoftInsiderRiskManagement' };
    expect(presentAlert(irm, true, unpublished).serviceSource).toBe('microsoftInsiderRiskManagement');
    expect(presentAlert(irm, false, unpublished).serviceSource).toBe('unknownFutureValue');
  });

  it('lets a test choose which sources are unpublished', () => {
    const ti = resolveFidelity({ unpublishedSources: [] }, 'demo').unpublishedSources;
    expect(presentAlert(base, true, ti).serviceSource).toBe('microsoftThreatIntelligence');
  });
});

describe('the hunting tables as served', () => {
  const rows = {
    DataSecurityEvents: [{ Timestamp: '2026-11-20T10:00:00Z', ActionType: 'DlpRuleMatch' }],
    CloudAppEvents: [
      { Timestamp: '2026-11-20T10:00:00Z', ActionType: 'DLPRuleMatch' },
      { Timestamp: '2026-11-20T10:00:00Z', ActionType: 'FileUploaded' },
    ],
  };

  it('serves both ActionType spellings as stored by default, and one spelling when asked', () => {
    const asStored = new HuntingStore(rows, {});
    expect(asStored.table('CloudAppEvents')?.rows.map((r) => r.ActionType)).toEqual([
      'DLPRuleMatch',
      'FileUploaded',
    ]);
    const camel = new HuntingStore(rows, { dlpActionType: 'DlpRuleMatch' });
    expect(camel.table('CloudAppEvents')?.rows.map((r) => r.ActionType)).toEqual([
      'DlpRuleMatch',
      'FileUploaded',
    ]);
  });

  it('can serve DataSecurityEvents empty, as the preview table is in many tenants', () => {
    const store = new HuntingStore(rows, { emptyDataSecurityEvents: true });
    expect(store.table('DataSecurityEvents')?.rows).toEqual([]);
    expect(store.table('CloudAppEvents')?.rows).toHaveLength(2);
    expect(store.rows('DataSecurityEvents')).toHaveLength(1);
  });
});

describe('the advanced hunting CPU quota', () => {
  it('refuses queries past the quota until the 15-minute window ends; refusals do not count', () => {
    let now = Date.parse('2026-11-20T10:01:00Z');
    const quota = new HuntingQuota(2, () => now);
    expect([quota.take(), quota.take(), quota.take(), quota.take()]).toEqual([true, true, false, false]);
    now = Date.parse('2026-11-20T10:14:59Z');
    expect(quota.take()).toBe(false);
    now = Date.parse('2026-11-20T10:15:00Z');
    expect(quota.take()).toBe(true);
    expect(QUOTA_WINDOW_MS).toBe(900_000);
  });

  it('is on for demo and live by default and off otherwise', () => {
    expect(resolveFidelity(undefined, 'demo').huntingQuota).toBe(100);
    expect(resolveFidelity(undefined, 'empty').huntingQuota).toBe(false);
    expect(resolveFidelity({ huntingQuota: 0 }, 'empty').huntingQuota).toBe(0);
    expect(() => resolveFidelity({ huntingQuota: -1 }, 'demo')).toThrow('huntingQuota');
  });
});
