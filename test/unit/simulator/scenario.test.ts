import type { AlertEvidence, SecurityAlert } from '../../../src/model';
import { isDlpAlert, pairFits } from '../../../src/model';
import {
  collectDetectedValues,
  generateAlerts,
  isScenarioName,
  LiveFeed,
  SOC_ANALYSTS_GROUP_ID,
  type ScenarioData,
} from '../../../simulator/scenario';
import { activityGapMinutes, closestMinutes, identitiesOf, sharedKinds } from './identities';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const demo: ScenarioData = generateAlerts('demo', 42, NOW);
const byId = new Map(demo.alerts.map((a) => [a.id, a]));
const defender = demo.alerts.filter((a) => !isDlpAlert(a));
const dlp = demo.alerts.filter((a) => isDlpAlert(a));
const get = (id: string): SecurityAlert => byId.get(id) as SecurityAlert;

function allEvidence(alerts: SecurityAlert[]): AlertEvidence[] {
  const out: AlertEvidence[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      if (typeof r['@odata.type'] === 'string') out.push(r as AlertEvidence);
      Object.values(r).forEach(walk);
    }
  };
  alerts.forEach((a) => walk(a.evidence));
  return out;
}
const kind = (e: AlertEvidence): string => e['@odata.type'].replace('#microsoft.graph.security.', '');

describe('scenario determinism', () => {
  it('gives the same data for the same seed and clock', () => {
    expect(generateAlerts('demo', 42, NOW)).toEqual(demo);
    expect(generateAlerts('scale:500', 7, NOW)).toEqual(generateAlerts('scale:500', 7, NOW));
  });

  it('gives different alerts for another seed, but the same tenant', () => {
    const other = generateAlerts('demo', 43, NOW);
    expect(other.alerts.map((a) => a.id)).not.toEqual(demo.alerts.map((a) => a.id));
    expect(other.directory.users.map((u) => u.id)).toEqual(demo.directory.users.map((u) => u.id));
  });

  it('knows its scenario names and refuses others', () => {
    expect(['empty', 'demo', 'live', 'scale:10'].every(isScenarioName)).toBe(true);
    expect(isScenarioName('scale:')).toBe(false);
    expect(() => generateAlerts('busy', 1, NOW)).toThrow("Unknown scenario 'busy'");
    expect(() => generateAlerts('scale:0', 1, NOW)).toThrow('n must be between 1');
    expect(generateAlerts('empty', 1, NOW).alerts).toEqual([]);
  });
});

describe('demo tenant', () => {
  it('has ~50 people with GUID object ids, mixed-case UPNs and a SOC Analysts group', () => {
    const people = demo.directory.users.filter((u) => /^[0-9a-f-]{36}$/.test(u.id));
    expect(people).toHaveLength(50);
    expect(people.some((u) => u.userPrincipalName === 'Megan.Bowen@contoso.com')).toBe(true);
    const soc = demo.directory.groups.find((g) => g.id === SOC_ANALYSTS_GROUP_ID);
    expect(soc?.displayName).toBe('SOC Analysts');
    expect(soc?.memberIds.length).toBeGreaterThanOrEqual(4);
    expect(demo.directory.devices.length).toBe(30);
  });
});

describe('demo alerts', () => {
  it('holds ~60 Defender alerts across the products and ~40 DLP alerts', () => {
    // 60 and 40, plus the late-evidence story and the SYSTEM decoy (identityStories.ts): one of each.
    expect(defender).toHaveLength(62);
    expect(dlp).toHaveLength(42);
    expect(new Set(defender.map((a) => a.serviceSource))).toEqual(
      new Set([
        'microsoftDefenderForEndpoint',
        'microsoftDefenderForOffice365',
        'microsoftDefenderForIdentity',
        'microsoftDefenderForCloudApps',
        'azureAdIdentityProtection',
        'microsoft365Defender',
        'microsoftInsiderRiskManagement',
        // Real-tenant quirks (scenario/quirks.ts): a late source, sources Graph left unknown, one nobody knows.
        'microsoftThreatIntelligence',
        'unknown',
        'microsoftSecurityCopilot',
      ]),
    );
  });

  it('plants correlated Defender alerts whose serviceSource does not tell, and one nothing classifies', () => {
    const matched = new Set(demo.truth.matches.map((m) => m.defenderAlertId));
    const of = (test: (a: (typeof defender)[number]) => boolean) => defender.filter(test);
    const ti = of((a) => a.serviceSource === 'microsoftThreatIntelligence');
    expect(ti).toHaveLength(1);
    expect(matched.has(ti[0]!.id)).toBe(true);
    const unknown = of((a) => a.serviceSource === 'unknown');
    expect(unknown.map((a) => a.detectionSource).sort()).toEqual(['microsoftDefenderForEndpoint', 'unknown']);
    expect(unknown.every((a) => matched.has(a.id))).toBe(true);
    expect(unknown.find((a) => a.detectionSource === 'unknown')?.productName).toMatch(
      /^Microsoft Defender for/,
    );
    const copilot = of((a) => a.serviceSource === 'microsoftSecurityCopilot');
    expect(copilot).toHaveLength(1);
    expect(matched.has(copilot[0]!.id)).toBe(false);
  });

  it('spells the DLP audit action both ways in CloudAppEvents, as tenants do', () => {
    const spellings = new Set(demo.hunting.CloudAppEvents.map((r) => r.ActionType));
    expect(spellings).toEqual(new Set(['DlpRuleMatch', 'DLPRuleMatch']));
  });

  it('carries every identity-bearing evidence type', () => {
    const ev = allEvidence(demo.alerts);
    const kinds = new Set(ev.map(kind));
    for (const k of [
      'userEvidence',
      'mailboxEvidence',
      'processEvidence',
      'deviceEvidence',
      'cloudLogonSessionEvidence',
      'hostLogonSessionEvidence',
      'analyzedMessageEvidence',
      'teamsMessageEvidence',
      'fileEvidence',
      'ipEvidence',
      'urlEvidence',
    ]) {
      expect(kinds).toContain(k);
    }
    expect(
      ev.some(
        (e) => kind(e) === 'processEvidence' && (e.userAccount as { azureAdUserId?: string }).azureAdUserId,
      ),
    ).toBe(true);
    expect(ev.some((e) => kind(e) === 'deviceEvidence' && (e.loggedOnUsers as unknown[]).length > 0)).toBe(
      true,
    );
    const session = ev.find((e) => kind(e) === 'hostLogonSessionEvidence') as AlertEvidence;
    expect((session.account as { userAccount: object }).userAccount).toBeDefined();
    expect(kind(session.host as AlertEvidence)).toBe('deviceEvidence');
    const cloud = ev.find((e) => kind(e) === 'cloudLogonSessionEvidence') as AlertEvidence;
    expect((cloud.account as { userAccount: object }).userAccount).toBeDefined();
  });

  it('shapes DLP alerts as Purview does, with the violator in userEvidence', () => {
    for (const a of dlp) {
      expect([a.serviceSource, a.detectionSource, a.productName]).toEqual([
        'dataLossPrevention',
        'microsoftDataLossPrevention',
        'Microsoft Data Loss Prevention',
      ]);
      expect(a.id).toMatch(/^dl[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const user = a.evidence.find((e) => kind(e) === 'userEvidence');
      expect(user?.roles).toEqual(['policyViolator']);
      expect(
        a.evidence.some((e) => ['fileEvidence', 'mailboxEvidence', 'teamsMessageEvidence'].includes(kind(e))),
      ).toBe(true);
    }
    expect(
      dlp.some((a) => a.title === `DLP policy match for email with subject '${a.title?.split("'")[1]}'`),
    ).toBe(true);
    expect(dlp.some((a) => /copied to a removable USB device$/.test(a.title ?? ''))).toBe(true);
  });

  it('dates everything within the last six hours, in a consistent order', () => {
    for (const a of demo.alerts) {
      const [first, last, created, updated] = [
        a.firstActivityDateTime,
        a.lastActivityDateTime,
        a.createdDateTime,
        a.lastUpdateDateTime,
      ].map((t) => Date.parse(t as string));
      expect(first).toBeGreaterThanOrEqual(NOW - 6 * 3_600_000);
      expect(first).toBeLessThanOrEqual(last as number);
      expect(last).toBeLessThanOrEqual(created as number);
      expect(created).toBeLessThanOrEqual(updated as number);
      expect(updated).toBeLessThanOrEqual(NOW);
    }
    const created = demo.alerts.map((a) => a.createdDateTime);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('uses realistic ids and portal links', () => {
    expect(defender.some((a) => /^da\d{18}_-?\d+$/.test(a.id))).toBe(true);
    for (const a of demo.alerts) {
      expect(a.alertWebUrl).toBe(`https://security.microsoft.com/alerts/${a.id}?tid=${a.tenantId}`);
      expect(a.incidentWebUrl).toBe(
        `https://security.microsoft.com/incidents/${a.incidentId}?tid=${a.tenantId}`,
      );
    }
  });

  it('mixes statuses, severities, comments and undocumented additionalData', () => {
    expect(new Set(demo.alerts.map((a) => a.status))).toEqual(new Set(['new', 'inProgress', 'resolved']));
    expect(new Set(demo.alerts.map((a) => a.severity)).size).toBeGreaterThanOrEqual(3);
    expect(demo.alerts.filter((a) => a.comments.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(dlp.filter((a) => Object.keys(a.additionalData ?? {}).length > 0).length).toBeGreaterThanOrEqual(
      3,
    );
    for (const a of demo.alerts.filter((x) => x.status === 'resolved'))
      expect(a.resolvedDateTime).toBeTruthy();
  });

  it('writes the same user with different UPN casing in different alerts', () => {
    const spellings = new Map<string, Set<string>>();
    for (const e of allEvidence(demo.alerts)) {
      const acc = e.userAccount as { userPrincipalName?: string | null } | undefined;
      const upn = acc?.userPrincipalName;
      if (upn) spellings.set(upn.toLowerCase(), (spellings.get(upn.toLowerCase()) ?? new Set()).add(upn));
    }
    expect([...spellings.values()].some((s) => s.size > 1)).toBe(true);
  });
});

describe('demo correlation cases', () => {
  const { truth } = demo;

  it('plants matches of every kind, each within ±30 minutes on the identity it names', () => {
    expect(new Set(truth.matches.map((m) => m.via))).toEqual(
      new Set(['upn', 'objectId', 'mailbox', 'device']),
    );
    for (const m of truth.matches) {
      const [d, l] = [get(m.defenderAlertId), get(m.dlpAlertId)];
      expect(isDlpAlert(d)).toBe(false);
      expect(isDlpAlert(l)).toBe(true);
      expect(sharedKinds(identitiesOf(d), identitiesOf(l))).toContain(m.via);
      expect(activityGapMinutes(d, l)).toBeLessThanOrEqual(30);
    }
  });

  it('makes the object-id, mailbox and device matches reachable only through that identifier', () => {
    for (const m of truth.matches.filter((x) => x.via !== 'upn')) {
      const shared = sharedKinds(identitiesOf(get(m.defenderAlertId)), identitiesOf(get(m.dlpAlertId)));
      expect(shared).toEqual([m.via]);
    }
  });

  it('plants near misses just outside ±30 minutes', () => {
    expect(truth.nearMisses.length).toBeGreaterThanOrEqual(3);
    for (const n of truth.nearMisses) {
      const [d, l] = [get(n.defenderAlertId), get(n.dlpAlertId)];
      expect(sharedKinds(identitiesOf(d), identitiesOf(l)).length).toBeGreaterThan(0);
      expect(closestMinutes(d, l)).toBeGreaterThan(30);
      expect(closestMinutes(d, l)).toBeLessThan(45);
    }
  });

  it.each([42, 1, 7, 2026, 987654])(
    'is exhaustive for seed %d: no other pair shares an identity within ±30 min',
    (seed) => {
      const data = seed === 42 ? demo : generateAlerts('demo', seed, NOW);
      const planted = new Set(data.truth.matches.map((m) => `${m.defenderAlertId}|${m.dlpAlertId}`));
      const surprises: string[] = [];
      for (const d of data.alerts.filter((a) => !isDlpAlert(a))) {
        for (const l of data.alerts.filter(isDlpAlert)) {
          if (planted.has(`${d.id}|${l.id}`)) continue;
          const shared = sharedKinds(identitiesOf(d), identitiesOf(l));
          if (shared.length > 0 && closestMinutes(d, l) <= 30)
            surprises.push(`${d.title} / ${l.title} via ${shared}`);
        }
      }
      expect(data.truth.exhaustive).toBe(true);
      expect(surprises).toEqual([]);
      expect(data.truth.matches.length).toBeGreaterThanOrEqual(22);
    },
  );

  it('has DLP users with no Defender alert at all', () => {
    expect(truth.dlpWithoutDefender.length).toBeGreaterThanOrEqual(5);
    for (const id of truth.dlpWithoutDefender) {
      const mine = identitiesOf(get(id));
      expect(defender.filter((d) => sharedKinds(identitiesOf(d), mine).length > 0)).toEqual([]);
    }
  });

  it('puts some Defender and DLP alerts in one incident', () => {
    const shared = truth.matches.filter(
      (m) => get(m.defenderAlertId).incidentId === get(m.dlpAlertId).incidentId,
    );
    expect(shared.length).toBeGreaterThanOrEqual(2);
  });
});

describe('demo hunting data', () => {
  const { DataSecurityEvents: dse, CloudAppEvents: cae } = demo.hunting;
  const rowFor = (a: SecurityAlert, rows: Record<string, unknown>[]): boolean => {
    const ids = identitiesOf(a).objectId;
    const [from, to] = [
      Date.parse(a.firstActivityDateTime as string),
      Date.parse(a.lastActivityDateTime as string),
    ];
    return rows.some(
      (r) =>
        ids.has(r.AccountObjectId as string) &&
        Date.parse(r.Timestamp as string) >= from &&
        Date.parse(r.Timestamp as string) <= to,
    );
  };

  it('covers most DLP alerts in DataSecurityEvents, some only in CloudAppEvents, a few nowhere', () => {
    const inDse = dlp.filter((a) => rowFor(a, dse)).length;
    const onlyCae = dlp.filter((a) => !rowFor(a, dse) && rowFor(a, cae)).length;
    const none = dlp.filter((a) => !rowFor(a, dse) && !rowFor(a, cae)).length;
    expect(inDse).toBeGreaterThan(dlp.length / 2);
    expect(onlyCae).toBeGreaterThanOrEqual(3);
    expect(none).toBeGreaterThanOrEqual(2);
  });

  it('describes each match with types, counts and confidence, and policy and rule', () => {
    for (const row of dse) {
      expect(row.ActionType).toBe('DlpRuleMatch');
      const sits = row.SensitiveInfoTypeInfo as Array<Record<string, unknown>>;
      expect(sits.length).toBeGreaterThan(0);
      for (const s of sits) {
        expect(s.SensitiveInfoTypeId).toMatch(/^[0-9a-f-]{36}$/);
        expect([65, 75, 85]).toContain(s.Confidence);
        expect(s.ConfidenceLevel).toBe({ 65: 'Low', 75: 'Medium', 85: 'High' }[s.Confidence as 65]);
        expect(s.UniqueCount as number).toBeLessThanOrEqual(s.Count as number);
      }
      expect((row.DlpPolicyRuleMatchInfo as Array<Record<string, unknown>>)[0]).toEqual(
        expect.objectContaining({ RuleName: expect.any(String), RuleSeverity: expect.any(String) }),
      );
    }
    const raw = cae[0]?.RawEventData as Record<string, unknown>;
    expect(raw.Operation).toBe('DlpRuleMatch');
    expect(JSON.stringify(raw)).toContain('SensitiveInformationDetections');
  });

  it('detected values pass the checksums Purview applies', () => {
    const values = collectDetectedValues(demo.hunting);
    expect(values.length).toBeGreaterThan(40);
    const digits = (v: string): string => v.replace(/[ -]/g, '');
    const luhn = (n: string): boolean =>
      [...n]
        .reverse()
        .reduce(
          (s, c, i) => s + (i % 2 ? ((Number(c) * 2) % 10) + Math.floor((Number(c) * 2) / 10) : Number(c)),
          0,
        ) %
        10 ===
      0;
    const ibanOk = (v: string): boolean => {
      const s = digits(v);
      const moved = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
      return [...moved].reduce((r, c) => (r * 10 + Number(c)) % 97, 0) === 1;
    };
    const cards = values.filter((v) => /^\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}$/.test(v));
    const ibans = values.filter((v) => /^[A-Z]{2}\d{2} /.test(v));
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => luhn(digits(c)))).toBe(true);
    expect(ibans.every(ibanOk)).toBe(true);
    expect(
      values
        .filter((v) => /^\d{3}-\d{2}-\d{4}$/.test(v))
        .every((v) => !v.startsWith('000') && !v.startsWith('666')),
    ).toBe(true);
  });
});

describe('scale scenario', () => {
  const n = 3000;
  const scale = generateAlerts(`scale:${n}`, 5, NOW);

  it('holds n alerts, about 10% Defender, newest first', () => {
    expect(scale.alerts).toHaveLength(n);
    expect(scale.alerts.filter((a) => !isDlpAlert(a))).toHaveLength(300);
    const created = scale.alerts.map((a) => a.createdDateTime);
    expect([...created].sort().reverse()).toEqual(created);
    expect(new Set(scale.alerts.map((a) => a.id)).size).toBe(n);
  });

  it('plants DLP partners next to Defender alerts and says the truth is not exhaustive', () => {
    expect(scale.truth.exhaustive).toBe(false);
    expect(scale.truth.matches.length).toBeGreaterThan(100);
    const m = scale.truth.matches[0];
    const ids = new Map(scale.alerts.map((a) => [a.id, a]));
    const [d, l] = [
      ids.get(m?.defenderAlertId ?? '') as SecurityAlert,
      ids.get(m?.dlpAlertId ?? '') as SecurityAlert,
    ];
    expect(sharedKinds(identitiesOf(d), identitiesOf(l))).toContain('upn');
  });

  it('draws users from a pool that grows with n', () => {
    expect(generateAlerts('scale:40000', 1, NOW).directory.users.length).toBe(2001);
  });
});

describe('live feed', () => {
  it('adds alerts deterministically and releases a DLP partner on the next step', () => {
    const run = (): SecurityAlert[][] => {
      const feed = new LiveFeed(42, demo.directory, NOW);
      const current = [...demo.alerts];
      const added: SecurityAlert[][] = [];
      for (let i = 0; i < 6; i++) {
        const step = feed.step(NOW + i * 5000, current);
        current.push(...step.added);
        added.push(step.added);
      }
      return added;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.flat().length).toBeGreaterThan(3);
    expect(first.flat().some(isDlpAlert)).toBe(true);
    const defenders = [];
    const feed = new LiveFeed(42, demo.directory, NOW);
    for (let i = 0; i < 30; i++)
      defenders.push(...feed.step(NOW + i * 5000, demo.alerts).added.filter((a) => !isDlpAlert(a)));
    expect(defenders.some((a) => a.serviceSource === 'unknown' && a.detectionSource)).toBe(true);
    for (const a of first.flat()) expect(Date.parse(a.createdDateTime)).toBeLessThanOrEqual(NOW + 30_000);
  });

  it('assigns, resolves with a fitting pair and reopens within its first steps (the demo shows each)', () => {
    const feed = new LiveFeed(42, demo.directory, NOW);
    const current = [...demo.alerts];
    const updates = [];
    for (let i = 0; i < 3; i++) updates.push(...feed.step(NOW + i * 5000, current).updates);
    const patches = updates.map((u) => u.patch);
    expect(patches.some((p) => typeof p.assignedTo === 'string' && p.status === undefined)).toBe(true);
    const resolved = patches.filter((p) => p.status === 'resolved');
    expect(resolved.length).toBeGreaterThan(0);
    for (const p of resolved) expect(pairFits(p.classification, p.determination)).toBe(true);
    expect(patches.some((p) => p.status === 'new')).toBe(true);
  });
});

describe('live feed for snoozes and routing', () => {
  it('repeats a detection for the same user under the same detectorId, and sometimes adds an Insider Risk alert', () => {
    const feed = new LiveFeed(7, demo.directory, NOW);
    const current = [...demo.alerts];
    for (let i = 0; i < 120; i++) current.push(...feed.step(NOW + i * 5000, current).added);
    const added = current.slice(demo.alerts.length).filter((a) => !isDlpAlert(a));
    const byRule = new Map<string, Set<string>>();
    for (const a of added) {
      const user = JSON.stringify(a.evidence.find((e) => e.userAccount)?.userAccount ?? null);
      const key = `${a.detectorId}|${user}`;
      byRule.set(key, new Set([...(byRule.get(key) ?? []), a.id]));
    }
    expect([...byRule.values()].some((ids) => ids.size > 1)).toBe(true);
    expect(added.some((a) => a.serviceSource === 'microsoftInsiderRiskManagement')).toBe(true);
  });
});
