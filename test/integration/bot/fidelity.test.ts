import type { TrackedAlert } from '../../../src/correlation';
import type { RecordedRequest } from '../../../simulator';
import { DEFAULT_CHANNEL_ID } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { press, say } from './support';

/**
 * Issue 17 through the real bot (`/api/messages`, the fake Bot Connector) against a simulator that
 * answers like a real tenant: sources Graph cannot name (`unknownFutureValue` even with the Prefer
 * header), an empty DataSecurityEvents preview table, DLP rows spelled `DLPRuleMatch`, and hunting
 * failures (the CPU quota's 429 without Retry-After, a 504) that must not be retried in a loop.
 */
let stack: Stack;
let correlated: TrackedAlert[];

const HUNTING = '/v1.0/security/runHuntingQuery';
const QUOTA_TEXT = 'advanced hunting is over its quota; it resets within 15 minutes';

beforeAll(async () => {
  stack = await startStack({ scenario: 'demo', simulator: { fidelity: { emptyDataSecurityEvents: true } } });
  expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
  correlated = await eventually(
    async () => {
      const { alerts } = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 100);
      return alerts.length >= 10 ? alerts : undefined;
    },
    30_000,
    'correlated alerts',
  );
});
afterAll(async () => {
  await stack?.stop();
});

const planted = (test: (a: { serviceSource: string; detectionSource?: string | null }) => boolean) => {
  const a = stack.sim.alerts.all().find(test);
  if (!a) throw new Error('the demo scenario lacks a planted quirk');
  return a.id;
};

async function correlatedAlert(id: string): Promise<TrackedAlert> {
  return eventually(
    async () => {
      const t = await stack.bot.services.alerts.tracked(id);
      return t && !t.isDlp && (t.matches?.length ?? 0) > 0 ? t : undefined;
    },
    30_000,
    `the correlation of ${id}`,
  );
}

function huntingRequests(): RecordedRequest[] {
  return stack.sim.requests().filter((r) => r.path === HUNTING);
}

function tableOf(r: RecordedRequest): string {
  return String((r.body as { Query?: string }).Query ?? '').split('\n')[0] ?? '';
}

/** A correlated Defender alert with exactly one DLP alert (one hunting lookup per press). */
function withOneDlp(skip: readonly string[] = []): TrackedAlert {
  const a = correlated.find((c) => c.matches?.length === 1 && !skip.includes(c.id));
  if (!a) throw new Error('no correlated alert with exactly one DLP alert');
  return a;
}

describe('alerts whose serviceSource Graph does not name', () => {
  it('correlates a Threat Intelligence alert Graph sends as unknownFutureValue despite the Prefer header, and posts its card', async () => {
    const id = planted((a) => a.serviceSource === 'microsoftThreatIntelligence');
    const tracked = await correlatedAlert(id);
    expect(tracked.serviceSource).toBe('unknownFutureValue');
    expect(tracked.detectionSource).toBe('microsoftThreatIntelligence');
    const listings = stack.sim.requests().filter((r) => r.path === '/v1.0/security/alerts_v2');
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.every((r) => /include-unknown-enum-members/.test(r.headers.prefer ?? ''))).toBe(true);
    const find = () =>
      stack.connector.cardsIn(DEFAULT_CHANNEL_ID).find((m) => JSON.stringify(m.card).includes(id));
    if (!find())
      expect((await press(stack, 'alert.refresh', { alertId: id, cardVersion: 1 })).status).toBe(200);
    await eventually(find, 15_000, `the card of ${id} in the channel`);
  });

  it('correlates alerts with serviceSource unknown from their detectionSource or productName', async () => {
    const byDetection = planted(
      (a) => a.serviceSource === 'unknown' && a.detectionSource === 'microsoftDefenderForEndpoint',
    );
    const byProduct = planted((a) => a.serviceSource === 'unknown' && a.detectionSource === 'unknown');
    expect((await correlatedAlert(byDetection)).matches?.length).toBeGreaterThan(0);
    expect((await correlatedAlert(byProduct)).matches?.length).toBeGreaterThan(0);
  });

  it('logs an alert nothing classifies once with its id and counts it in /metrics', async () => {
    const id = planted((a) => a.serviceSource === 'microsoftSecurityCopilot');
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 15_000, 'two more poll cycles');
    const lines = stack.logs.filter((l) => l.includes(id) && l.includes('names a known source'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      alertId: id,
      serviceSource: 'unknownFutureValue',
    });
    const { body } = await stack.bot.metrics.scrape();
    expect(body).toMatch(/^dlpbot_alerts_unclassified_total 1$/m);
    expect(await stack.bot.services.alerts.tracked(id)).toBeUndefined();
  });
});

describe('sensitive info types from CloudAppEvents alone', () => {
  it('reads a DLPRuleMatch row (the other spelling) when DataSecurityEvents is empty, and says so on the card', async () => {
    const alert = withOneDlp();
    const dlp = (await stack.bot.services.alerts.tracked(alert.matches![0]!.dlpAlertId))!;
    const upn = dlp.identities.find((i) => i.kind === 'upn')?.display;
    const oid = dlp.identities.find((i) => i.kind === 'aadUserId')?.display;
    expect(upn ?? oid).toBeDefined();
    const secret = '4111 1111 1111 1111';
    stack.sim.hunting.add('CloudAppEvents', {
      Timestamp: new Date(dlp.start).toISOString(),
      ActionType: 'DLPRuleMatch',
      AccountId: upn ?? oid,
      AccountObjectId: oid ?? '',
      ObjectName: 'Fidelity test.xlsx',
      RawEventData: {
        Operation: 'DLPRuleMatch',
        PolicyDetails: [
          {
            PolicyName: 'PCI DSS',
            Rules: [
              {
                RuleName: 'Card numbers',
                ConditionsMatched: {
                  SensitiveInformation: [
                    {
                      SensitiveInformationTypeName: 'Fidelity Test Card Number',
                      Count: 7,
                      Confidence: 85,
                      SensitiveInformationDetections: { DetectedValues: [{ Name: 'Card', Value: secret }] },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    });
    stack.sim.clearRequests();
    const answer = await press(stack, 'alert.sit', { alertId: alert.id, cardVersion: 1 });
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain('Fidelity Test Card Number');
    expect(answer.text).toContain('Source: Advanced hunting: CloudAppEvents');
    expect(JSON.stringify(answer.body)).not.toContain(secret);
    expect(huntingRequests().map(tableOf)).toEqual(['DataSecurityEvents', 'CloudAppEvents']);
  });
});

describe('advanced hunting failures are answered on the card, not retried in a loop', () => {
  afterEach(() => stack.sim.faults.clear());

  it('answers the CPU quota (429 without Retry-After) on the card after ONE request, and tries again on a later press', async () => {
    const alert = withOneDlp();
    stack.sim.faults.inject({ kind: 'status', status: 429, match: 'runHuntingQuery', count: 10 });
    stack.sim.clearRequests();
    const first = await press(stack, 'alert.sit', { alertId: alert.id, cardVersion: 1 });
    expect(first.body.statusCode).toBe(200);
    expect(first.text).toContain(QUOTA_TEXT);
    const refused = huntingRequests();
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status).toBe(429);
    expect(refused[0]!.headers['retry-attempt']).toBeUndefined();

    stack.sim.faults.clear();
    const again = await press(stack, 'alert.sit', { alertId: alert.id, cardVersion: 1 });
    expect(again.text).not.toContain(QUOTA_TEXT);
    expect(huntingRequests().length).toBeGreaterThan(1);
    expect(
      huntingRequests()
        .slice(1)
        .every((r) => r.status === 200),
    ).toBe(true);
  });

  it('does not retry a 504: each table is asked once', async () => {
    const alert = withOneDlp();
    stack.sim.faults.inject({ kind: 'status', status: 504, match: 'runHuntingQuery', retryAfterSeconds: 0, count: 10 }); // prettier-ignore
    stack.sim.clearRequests();
    const answer = await press(stack, 'alert.sit', { alertId: alert.id, cardVersion: 1 });
    expect(answer.body.statusCode).toBe(200);
    expect(answer.text).toContain('advanced hunting is busy or unreachable');
    const asked = huntingRequests();
    expect(asked.map(tableOf)).toEqual(['DataSecurityEvents', 'CloudAppEvents']);
    expect(asked.every((r) => r.status === 504)).toBe(true);
  });
});
