import { composeEnrichment, MAX_ENRICHMENT_CHARS, type Analyst } from '../../../src/analyst';
import type { CorrelationMatch, TrackedAlert } from '../../../src/correlation';
import type { SensitiveInfoResult } from '../../../src/graph';
import { BASE_MS } from '../../helpers/builders';

const WHO: Analyst = { id: '29:a', name: 'Adele Vance', upn: 'AdeleV@contoso.com' };
const AT = '2026-01-05T13:07:41.000Z';

function tracked(id: string, over: Partial<TrackedAlert> = {}): TrackedAlert {
  return {
    id,
    isDlp: true,
    title: `DLP policy matched for ${id}`,
    severity: 'medium',
    status: 'new',
    classification: null,
    determination: null,
    assignedTo: null,
    serviceSource: 'dataLossPrevention',
    detectionSource: 'microsoftDataLossPrevention',
    productName: null,
    incidentId: null,
    alertWebUrl: null,
    incidentWebUrl: null,
    createdDateTime: new Date(BASE_MS).toISOString(),
    lastUpdateDateTime: new Date(BASE_MS).toISOString(),
    start: BASE_MS + 4 * 60_000,
    end: BASE_MS + 4 * 60_000,
    identities: [],
    evidenceCount: 1,
    commentCount: 0,
    fingerprint: id,
    ...over,
  };
}

function match(dlpAlertId: string, over: Partial<CorrelationMatch> = {}): CorrelationMatch {
  return {
    dlpAlertId,
    defenderAlertId: 'da1',
    via: 'identity',
    identity: { kind: 'upn', key: 'email:megan.bowen@contoso.com', display: 'Megan.Bowen@contoso.com' },
    deltaMs: 4 * 60_000,
    gapMs: 0,
    windowMs: 30 * 60_000,
    ...over,
  };
}

function defenderWith(dlps: TrackedAlert[], matches = dlps.map((d) => match(d.id))): TrackedAlert {
  return tracked('da1', {
    isDlp: false,
    title: 'Suspicious PowerShell',
    start: BASE_MS,
    end: BASE_MS,
    matches,
  });
}

const SECRET_VALUES = ['4111 1111 1111 1111', '078-05-1120'];

/** What the SIT reader returns; it never carries detected values (they are dropped at parse time). */
function sit(dlpAlertId: string, n = 1): SensitiveInfoResult {
  const names = [
    'Credit Card Number',
    'U.S. Social Security Number (SSN)',
    'IBAN',
    'EU Passport',
    'Azure Storage Key',
    'ABA Routing Number',
  ];
  return {
    dlpAlertId,
    source: 'DataSecurityEvents',
    types: names.slice(0, n).map((name, i) => ({
      name,
      count: 10 + i,
      confidenceLevel: 'High',
      policy: 'PCI-DSS',
      rule: 'External sharing',
    })),
  };
}

describe('composeEnrichment', () => {
  it('reads as one header naming the analyst and one line per DLP alert with why it matched', () => {
    const dlp = tracked('dl1');
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [sit('dl1')],
      who: WHO,
      followUp: false,
      at: AT,
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '[defender-dlp-bot] DLP context requested by Adele Vance (AdeleV@contoso.com) at 2026-01-05 13:07 UTC: 1 correlated Purview DLP alert.',
    );
    expect(lines[1]).toBe(
      '- 2026-01-05 12:04 UTC (+4 min): DLP policy matched for dl1 [dl1]; same upn Megan.Bowen@contoso.com. ' +
        'Sensitive info: Credit Card Number x10 (High). Policy: PCI-DSS / rule: External sharing.',
    );
    expect(lines).toHaveLength(2);
  });

  it('explains an incident match and a DLP activity that came first', () => {
    const dlp = tracked('dl1');
    const alert = defenderWith([dlp], [match('dl1', { via: 'incident', deltaMs: -12 * 60_000 })]);
    const text = composeEnrichment({ alert, newDlp: [dlp], sits: [], who: WHO, followUp: false, at: AT });
    expect(text).toContain('(-12 min)');
    expect(text).toContain('same Defender incident');
  });

  it('says "more" in a follow-up comment', () => {
    const dlp = tracked('dl2');
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [],
      who: WHO,
      followUp: true,
      at: AT,
    });
    expect(text).toContain('1 more correlated Purview DLP alert.');
  });

  it('names the analyst without a UPN when Teams gave none', () => {
    const dlp = tracked('dl1');
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [],
      who: { id: 'x', name: 'Guest' },
      followUp: false,
      at: AT,
    });
    expect(text).toContain('requested by Guest at');
  });

  it('says why no sensitive info is shown', () => {
    const dlp = tracked('dl1');
    const none: SensitiveInfoResult = {
      dlpAlertId: 'dl1',
      source: 'none',
      types: [],
      reason: 'advanced hunting needs ThreatHunting.Read.All',
    };
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [none],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text).toContain('Sensitive info: none found (advanced hunting needs ThreatHunting.Read.All).');
  });

  it('says the types were not looked up, rather than none found, when hunting is over its quota', () => {
    const dlp = tracked('dl1');
    const quota: SensitiveInfoResult = {
      dlpAlertId: 'dl1',
      source: 'none',
      types: [],
      reason: 'advanced hunting is over its quota; it resets within 15 minutes',
      transient: true,
      quota: true,
    };
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [quota],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text).toContain('Sensitive info: not looked up (advanced hunting is over its quota;');
    expect(text).not.toContain('none found');
  });

  it('lists at most four types per DLP alert and counts the rest', () => {
    const dlp = tracked('dl1');
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [sit('dl1', 6)],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text).toContain('EU Passport x13 (High), +2 more.');
    expect(text).not.toContain('Azure Storage Key');
  });

  it('never includes a detected value, even one smuggled into a type name or title', () => {
    const dlp = tracked('dl1', { title: 'Shared file' });
    const leaky = sit('dl1');
    // What the SIT reader returns has no value field; anything extra must not be printed either.
    (leaky.types[0] as unknown as Record<string, unknown>).detectedValues = SECRET_VALUES;
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [leaky],
      who: WHO,
      followUp: false,
      at: AT,
    });
    for (const v of SECRET_VALUES) expect(text).not.toContain(v);
  });

  it('keeps alert data on one line: newlines and control characters in titles become spaces', () => {
    const dlp = tracked('dl1', { title: 'Evil\n- forged line\u0007' });
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [dlp],
      sits: [],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('Evil - forged line ');
  });

  it('lists twelve DLP alerts, then "and N more"', () => {
    const dlps = Array.from({ length: 15 }, (_, i) => tracked(`dl${i}`));
    const text = composeEnrichment({
      alert: defenderWith(dlps),
      newDlp: dlps,
      sits: [],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text).toContain('15 correlated Purview DLP alerts.');
    expect(text.split('\n').filter((l) => l.startsWith('- 2026'))).toHaveLength(12);
    expect(text.endsWith('- and 3 more.')).toBe(true);
  });

  it(`is cut at ${MAX_ENRICHMENT_CHARS} characters and says it was shortened`, () => {
    const long = 'x'.repeat(400);
    const dlps = Array.from({ length: 12 }, (_, i) => tracked(`dl${i}`, { title: long }));
    const sits = dlps.map((d) => {
      const s = sit(d.id, 4);
      for (const t of s.types) t.name = long;
      return s;
    });
    const text = composeEnrichment({
      alert: defenderWith(dlps),
      newDlp: dlps,
      sits,
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text.length).toBeLessThanOrEqual(MAX_ENRICHMENT_CHARS);
    expect(text.endsWith('… (shortened)')).toBe(true);
  });

  it('skips DLP alerts that are no longer tracked', () => {
    const dlp = tracked('dl1');
    const text = composeEnrichment({
      alert: defenderWith([dlp]),
      newDlp: [undefined, dlp],
      sits: [],
      who: WHO,
      followUp: false,
      at: AT,
    });
    expect(text).toContain(': 1 correlated Purview DLP alert.');
  });
});
