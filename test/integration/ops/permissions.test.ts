import { type StatusReport } from '../../../src/ops';
import { runDoctor } from '../../../src/ops/doctor';
import { DEFAULT_ROLES, SOC_ANALYSTS_GROUP_ID } from '../../../simulator';
import { DEFAULT_CHANNEL_ID } from '../../helpers/activities';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { press, say, visibleText } from '../bot/support';

/**
 * The permission self-check end to end: the real service against the Graph simulator, whose tokens lack
 * one permission at a time. /status (JSON and card) and the doctor name the missing permission, the card
 * shows the feature as unavailable and refuses it up front, and no request that Graph would answer 403
 * is ever sent (the simulator records every request).
 */
interface Case {
  feature: string;
  /** Roles taken out of the simulator's grant. */
  remove: string[];
  /** The permission /status and the doctor must name. */
  missing: string;
  /** Requests that must never reach the simulator. */
  forbidden: (r: { method: string; path: string }) => boolean;
  env?: Record<string, string>;
  /** Other features that need the same permission. */
  alsoOff?: string[];
}

const CASES: Case[] = [
  {
    feature: 'alerts',
    remove: ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'],
    missing: 'SecurityAlert.Read.All',
    forbidden: (r) => r.path.includes('/security/alerts_v2'),
    alsoOff: ['actions'],
  },
  {
    feature: 'actions',
    remove: ['SecurityAlert.ReadWrite.All'],
    missing: 'SecurityAlert.ReadWrite.All',
    forbidden: (r) => r.method === 'PATCH' || (r.method === 'POST' && r.path.endsWith('/comments')),
  },
  {
    feature: 'sensitiveInfo',
    remove: ['ThreatHunting.Read.All'],
    missing: 'ThreatHunting.Read.All',
    forbidden: (r) => r.path.endsWith('/runHuntingQuery'),
  },
  {
    feature: 'groupAccess',
    remove: ['GroupMember.Read.All'],
    missing: 'GroupMember.Read.All',
    forbidden: (r) => r.path.endsWith('/checkMemberGroups'),
    env: { SOC_ANALYST_GROUP_ID: SOC_ANALYSTS_GROUP_ID },
  },
  {
    feature: 'incidents',
    remove: ['SecurityIncident.Read.All'],
    missing: 'SecurityIncident.Read.All',
    forbidden: (r) => r.path.includes('/security/incidents'),
  },
];

async function statusJson(stack: Stack): Promise<StatusReport> {
  const res = await fetch(`${stack.bot.url}/status`);
  expect(res.status).toBe(200);
  return (await res.json()) as StatusReport;
}

async function correlatedAlertId(stack: Stack): Promise<string> {
  const { alerts } = await eventually(
    async () => {
      const list = await stack.bot.services.alerts.listCorrelated({}, Date.now(), 10);
      return list.alerts.length > 0 ? list : undefined;
    },
    30_000,
    'a correlated alert',
  );
  return alerts[0]!.id;
}

/** A correlated Defender alert whose card is in the subscribed channel. */
async function cardInChannel(stack: Stack): Promise<{ alertId: string; activityId: string; card: unknown }> {
  const alertId = await correlatedAlertId(stack);
  expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('Subscribed');
  await press(stack, 'alert.refresh', { alertId, cardVersion: 1 });
  const message = await eventually(
    () => stack.connector.cardsIn(DEFAULT_CHANNEL_ID).find((m) => JSON.stringify(m.card).includes(alertId)),
    15_000,
    'the alert card in the channel',
  );
  return { alertId, activityId: message.activityId, card: message.card };
}

describe.each(CASES)('a Graph token without the $feature permission', (c) => {
  let stack: Stack;
  const roles = DEFAULT_ROLES.filter((r) => !c.remove.includes(r));

  beforeAll(async () => {
    stack = await startStack({ scenario: 'demo', simulator: { roles }, env: c.env });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is named in /status (JSON): the feature is not ready, "missing X"', async () => {
    const status = await statusJson(stack);
    expect(status.features[c.feature]).toMatchObject({ ready: false, missing: [c.missing] });
    expect(status.features[c.feature]!.message).toContain(c.missing);
    for (const [name, f] of Object.entries(status.features))
      if (name !== c.feature)
        expect({ name, ready: f.ready }).toEqual({ name, ready: !c.alsoOff?.includes(name) });
  });

  it('is named by the doctor', async () => {
    const report = await runDoctor({ env: { GRAPH_BASE_URL: stack.sim.url, STORE: 'memory', ...c.env } });
    const check = report.checks.find((x) => x.name === `permission: ${c.feature}`);
    expect(check?.detail).toContain(c.missing);
    if (c.feature === 'alerts') {
      expect(check).toMatchObject({ status: 'fail', blocking: true });
      expect(report.exitCode).toBe(1);
    } else {
      expect(check?.status).toBe(c.feature === 'incidents' ? 'skip' : 'warn');
      expect(report.exitCode).toBe(0);
    }
  });

  if (c.feature === 'alerts') {
    it('does not poll, and says why in /status; the replica stays ready', async () => {
      const status = await eventually(
        async () => {
          const s = await statusJson(stack);
          return s.poller.lastError ? s : undefined;
        },
        15_000,
        'a refused poll',
      );
      expect(status.poller.lastError).toContain(
        'polling alerts needs the application permission SecurityAlert.Read.All',
      );
      expect((await fetch(`${stack.bot.url}/readyz`)).status).toBe(200);
      const card = await say(stack, '/status');
      expect(card.text).toContain('missing SecurityAlert.Read.All');
    });
  } else if (c.feature !== 'incidents') {
    it('shows "missing X" on the /status card', async () => {
      expect((await say(stack, '/status')).text).toContain(`missing ${c.missing}`);
    });
  }

  if (c.feature === 'actions') {
    it('shows a note instead of the action buttons, and refuses a press up front', async () => {
      const { alertId, activityId, card } = await cardInChannel(stack);
      expect(visibleText(card)).toContain(
        'unavailable: missing Graph permission SecurityAlert.ReadWrite.All',
      );
      const json = JSON.stringify(card);
      for (const verb of [
        'alert.enrich',
        'alert.comment',
        'alert.assignToMe',
        'alert.setStatus',
        'alert.classify',
        'alert.resolve',
        'alert.reopen',
        'alert.assignTo',
      ])
        expect(json).not.toContain(`"${verb}"`);
      const answer = await press(
        stack,
        'alert.enrich',
        { alertId, cardVersion: 1 },
        { replyToId: activityId },
      );
      expect(answer.text).toContain(
        'This action is unavailable: missing Graph permission SecurityAlert.ReadWrite.All',
      );
      const typed = await say(stack, `/comment ${alertId} looks like exfiltration`);
      expect(typed.text).toContain('needs the application permission SecurityAlert.ReadWrite.All');
    });
  }

  if (c.feature === 'sensitiveInfo') {
    it('shows a note instead of the sensitive info button, and /sit explains instead of hunting', async () => {
      const { alertId, card } = await cardInChannel(stack);
      expect(visibleText(card)).toContain('unavailable: missing Graph permission ThreatHunting.Read.All');
      expect(JSON.stringify(card)).not.toContain('"alert.sit"');
      expect((await press(stack, 'alert.sit', { alertId, cardVersion: 1 })).text).toContain(
        'This action is unavailable: missing Graph permission ThreatHunting.Read.All',
      );
      expect((await say(stack, `/sit ${alertId}`)).text).toContain(
        'Sensitive info types are unavailable: missing Graph permission ThreatHunting.Read.All',
      );
    });
  }

  if (c.feature === 'groupAccess') {
    it('refuses group members instead of asking Graph (fail closed)', async () => {
      const answer = await press(stack, 'alert.enrich', {
        alertId: await correlatedAlertId(stack),
        cardVersion: 1,
      });
      expect(answer.text).toContain('is not a SOC analyst for this bot');
      expect((await say(stack, '/subscribe', { scope: 'channel' })).text).toContain('is not a SOC analyst');
      expect(stack.logs.some((l) => l.includes('group membership check failed'))).toBe(true);
    });
  }

  it('never sent a request Graph would answer 403', async () => {
    // Give the poller a few cycles so every background path has had its chance.
    await new Promise((r) => setTimeout(r, 2500));
    const requests = stack.sim.requests();
    expect(requests.filter((r) => r.status === 403)).toEqual([]);
    expect(requests.filter(c.forbidden)).toEqual([]);
    if (c.feature !== 'alerts')
      expect(requests.some((r) => r.path.includes('/security/alerts_v2'))).toBe(true);
  });
});
