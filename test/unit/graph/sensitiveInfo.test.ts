import { GraphError } from '../../../src/errors';
import type { HuntingResult } from '../../../src/graph/hunting';
import {
  fetchSensitiveInfo,
  type HuntingClient,
  type SensitiveInfoTarget,
} from '../../../src/graph/sensitiveInfo';
import { capturingLogger } from './stubs';
import { auditRecord, CARD, DETECTED, dseRow, dseSit, SSN } from './sitFixtures';

type Answer = HuntingResult | GraphError;

/** A hunting client that answers by table name and records the queries. */
function hunting(answers: Partial<Record<'DataSecurityEvents' | 'CloudAppEvents', Answer>>) {
  const queries: string[] = [];
  const client: HuntingClient = {
    runHuntingQuery(query) {
      queries.push(query);
      const table = query.split('\n')[0] as 'DataSecurityEvents' | 'CloudAppEvents';
      const answer = answers[table] ?? rows([]);
      return answer instanceof GraphError ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return { client, queries };
}

function rows(results: Array<Record<string, unknown>>): HuntingResult {
  return { schema: [], results };
}

const TARGET: SensitiveInfoTarget = {
  dlpAlertId: 'dl-1',
  upns: ['alice@contoso.com'],
  objectIds: [],
  from: '2026-01-05T12:00:00Z',
  to: '2026-01-05T12:05:00Z',
};

const forbidden = new GraphError({
  status: 403,
  graphCode: 'Forbidden',
  message: 'Graph refused the request',
});
const noTable = (t: string) =>
  new GraphError({
    status: 400,
    graphCode: 'BadRequest',
    message: `Graph rejected runHuntingQuery as invalid (400): Failed to resolve table expression named '${t}'`,
  });

describe('fetchSensitiveInfo', () => {
  it('answers from DataSecurityEvents first, aggregated across rows', async () => {
    const { client, queries } = hunting({
      DataSecurityEvents: rows([
        dseRow([dseSit(CARD, 2, 80)]),
        dseRow([dseSit(CARD, 3, 95)], { stringly: true }),
      ]),
    });
    const result = await fetchSensitiveInfo(client, TARGET);
    expect(result).toEqual({
      dlpAlertId: 'dl-1',
      source: 'DataSecurityEvents',
      types: [
        expect.objectContaining({ name: 'Credit Card Number', count: 5, confidence: 95, policy: 'PCI DSS' }),
      ],
    });
    expect(queries).toHaveLength(1);
  });

  it('falls back to CloudAppEvents DLP rule matches when DataSecurityEvents has no rows', async () => {
    const { client, queries } = hunting({
      CloudAppEvents: rows([{ RawEventData: JSON.stringify(auditRecord()) }]),
    });
    const result = await fetchSensitiveInfo(client, TARGET);
    expect(result.source).toBe('CloudAppEvents');
    expect(result.types[0]).toMatchObject({ id: SSN, count: 3, rule: 'High volume', location: 'Attachment' });
    expect(queries.map((q) => q.split('\n')[0])).toEqual(['DataSecurityEvents', 'CloudAppEvents']);
  });

  it('falls back to CloudAppEvents when the DataSecurityEvents table does not exist', async () => {
    const { client } = hunting({
      DataSecurityEvents: noTable('DataSecurityEvents'),
      CloudAppEvents: rows([{ RawEventData: auditRecord() }]),
    });
    expect((await fetchSensitiveInfo(client, TARGET)).source).toBe('CloudAppEvents');
  });

  it('uses additionalData when hunting has nothing', async () => {
    const { client } = hunting({});
    const result = await fetchSensitiveInfo(client, {
      ...TARGET,
      additionalData: { sensitiveInfoTypes: [{ name: 'Credit Card Number', count: 1 }] },
    });
    expect(result).toEqual({
      dlpAlertId: 'dl-1',
      source: 'additionalData',
      types: [{ name: 'Credit Card Number', count: 1 }],
    });
  });

  it('says the app lacks ThreatHunting.Read.All on a 403, without trying the second table', async () => {
    const { client, queries } = hunting({ DataSecurityEvents: forbidden });
    const result = await fetchSensitiveInfo(client, TARGET);
    expect(result).toMatchObject({ source: 'none', types: [] });
    expect(result.reason).toContain('the app lacks ThreatHunting.Read.All');
    expect(queries).toHaveLength(1);
  });

  it('says which tables are missing and what they need', async () => {
    const { client } = hunting({
      DataSecurityEvents: noTable('DataSecurityEvents'),
      CloudAppEvents: noTable('CloudAppEvents'),
    });
    const { reason } = await fetchSensitiveInfo(client, TARGET);
    expect(reason).toContain('the DataSecurityEvents table is not available in this tenant (it needs');
    expect(reason).toContain('Insider Risk Management');
    expect(reason).toContain(
      'the CloudAppEvents table is not available in this tenant (it needs Microsoft Defender for Cloud Apps)',
    );
  });

  it('says no rule-match rows exist for the user in the searched window', async () => {
    const { reason } = await fetchSensitiveInfo(hunting({}).client, TARGET);
    expect(reason).toBe(
      'no DLP rule-match rows for alice@contoso.com between 2026-01-05T11:55:00Z and 2026-01-05T12:10:00Z',
    );
  });

  it('marks a throttled search as worth retrying', async () => {
    const busy = new GraphError({ status: 429, message: 'throttled', retryAfterMs: 30_000 });
    const result = await fetchSensitiveInfo(
      hunting({ DataSecurityEvents: busy, CloudAppEvents: busy }).client,
      TARGET,
    );
    expect(result).toMatchObject({ source: 'none', transient: true });
    expect(result.reason).toContain('try again in 30 s');
  });

  it('says the hunting quota is spent on a 429 without Retry-After, without trying the second table', async () => {
    const quota = new GraphError({ status: 429, message: 'throttled' });
    const { client, queries } = hunting({ DataSecurityEvents: quota });
    const result = await fetchSensitiveInfo(client, TARGET);
    expect(result).toMatchObject({ source: 'none', types: [], transient: true, quota: true });
    expect(result.reason).toBe(
      'advanced hunting is over its quota; it resets within 15 minutes: press Sensitive info types again then',
    );
    expect(queries).toHaveLength(1);
  });

  it('never queries with a hostile identity and says why nothing was searched', async () => {
    const { client, queries } = hunting({});
    const result = await fetchSensitiveInfo(client, {
      ...TARGET,
      upns: ['x@y.com") or 1==1 //', 'a"b@x.com'],
    });
    expect(queries).toHaveLength(0);
    expect(result.reason).toContain('names no usable user');
  });

  it('prefers rows about the alert’s own files', async () => {
    const { client } = hunting({
      DataSecurityEvents: rows([
        dseRow([dseSit(CARD, 9, 90)], { objectName: 'other.docx' }),
        dseRow([dseSit(SSN, 1, 85)], { objectName: 'Payroll.xlsx' }),
      ]),
    });
    const result = await fetchSensitiveInfo(client, { ...TARGET, objectNames: ['payroll.xlsx'] });
    expect(result.types.map((t) => t.id)).toEqual([SSN]);
  });

  it('prefers rows inside the alert’s own window over another alert’s rows in the padding', async () => {
    const inWindow = { ...dseRow([dseSit(SSN, 1, 85)]), Timestamp: '2026-01-05T12:02:00.1234567Z' };
    const inPadding = { ...dseRow([dseSit(CARD, 9, 90)]), Timestamp: '2026-01-05T11:57:00Z' };
    const { client } = hunting({ DataSecurityEvents: rows([inPadding, inWindow]) });
    expect((await fetchSensitiveInfo(client, TARGET)).types.map((t) => t.id)).toEqual([SSN]);
  });

  it('keeps padding rows when nothing falls inside the window', async () => {
    const inPadding = { ...dseRow([dseSit(CARD, 9, 90)]), Timestamp: '2026-01-05T11:57:00Z' };
    const { client } = hunting({ DataSecurityEvents: rows([inPadding]) });
    expect((await fetchSensitiveInfo(client, TARGET)).types.map((t) => t.id)).toEqual([CARD]);
  });

  it('rethrows a cancel and refuses a target without an alert id', async () => {
    const cancelled = new GraphError({ status: 0, graphCode: 'cancelled', message: 'cancelled' });
    await expect(fetchSensitiveInfo(hunting({ DataSecurityEvents: cancelled }).client, TARGET)).rejects.toBe(
      cancelled,
    );
    await expect(fetchSensitiveInfo(hunting({}).client, { ...TARGET, dlpAlertId: '' })).rejects.toThrow(
      /DLP alert id/,
    );
  });

  it('keeps detected values out of the result and the log', async () => {
    const log = capturingLogger();
    const { client } = hunting({
      DataSecurityEvents: rows([
        dseRow([dseSit(CARD, 2, 80), dseSit(SSN, 1, 85)], { stringly: true }),
        { ...dseRow([dseSit(CARD, 1, 99)]), DetectedValues: DETECTED, MatchedText: DETECTED.join(' ') },
      ]),
    });
    const result = await fetchSensitiveInfo(client, TARGET, { logger: log.logger });
    const out = JSON.stringify(result) + log.text();
    expect(result.types.length).toBe(2);
    for (const value of DETECTED) expect(out).not.toContain(value);
  });

  describe('workloads (the workloads= routing rule)', () => {
    it("reads DataSecurityEvents' Workload column in any of Microsoft's spellings", async () => {
      const { client } = hunting({
        DataSecurityEvents: rows([{ ...dseRow([dseSit(CARD, 1, 90)]), Workload: 'MicrosoftTeams' }]),
      });
      expect((await fetchSensitiveInfo(client, TARGET)).workloads).toEqual(['Teams']);
    });

    it("reads the audit record's Workload from CloudAppEvents, else its Application column", async () => {
      const { client } = hunting({
        CloudAppEvents: rows([
          { RawEventData: JSON.stringify({ ...auditRecord(), Workload: 'OneDrive' }) },
          { RawEventData: auditRecord(), Application: 'Microsoft Exchange Online' },
        ]),
      });
      expect((await fetchSensitiveInfo(client, TARGET)).workloads).toEqual(['Exchange', 'OneDrive']);
    });

    it('reports the workload of rows that list no sensitive type, and none when no row tells', async () => {
      const { client } = hunting({ DataSecurityEvents: rows([{ ...dseRow([]), Workload: 'Endpoint' }]) });
      const result = await fetchSensitiveInfo(client, TARGET);
      expect([result.source, result.workloads]).toEqual(['none', ['Endpoint']]);
      const empty = await fetchSensitiveInfo(hunting({}).client, TARGET);
      expect(empty.workloads).toBeUndefined();
    });
  });
});
