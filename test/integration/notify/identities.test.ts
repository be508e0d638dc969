/**
 * Identity fidelity end to end (issue 17): the real service polls the Graph simulator, which misbehaves
 * as Graph does, and posts to a fake Bot Connector. A Defender alert whose evidence arrives after it was
 * first listed still gets its card; two alerts that share only NT AUTHORITY\SYSTEM and other accounts
 * that are no person get none.
 */
import { messageActivity } from '../../helpers/activities';
import {
  deviceEvidence,
  iso,
  makeAlert,
  makeDlpAlert,
  processEvidence,
  userEvidence,
} from '../../helpers/builders';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { DEFAULT_CHANNEL_ID, DEFAULT_MEMBERS } from '../../helpers/teams/defaults';
import { evidenceODataType, type Evidence, type SecurityAlert } from '../../../src/model';

const MINUTE = 60_000;
let stack: Stack;

const SYSTEM = { accountName: 'SYSTEM', domainName: 'NT AUTHORITY', sid: 'S-1-5-18' };
const NOT_PEOPLE = [
  { accountName: 'DWM-1', domainName: 'Window Manager' },
  { accountName: 'CONTOSO-FS01$', domainName: 'CONTOSO' },
];

function ipEvidence(ip: string): Evidence<'ipEvidence'> {
  return { '@odata.type': evidenceODataType('ipEvidence'), roles: [], verdict: 'suspicious', ipAddress: ip };
}

/** Activity `startMin` minutes ago, raised and updated now. */
function times(startMin: number): Partial<SecurityAlert> {
  const now = Date.now();
  return {
    firstActivityDateTime: iso(now - startMin * MINUTE),
    lastActivityDateTime: iso(now - startMin * MINUTE),
    createdDateTime: iso(now - MINUTE),
    lastUpdateDateTime: iso(now),
  };
}

const rootCards = (alertId: string) =>
  stack.connector
    .cardsIn(DEFAULT_CHANNEL_ID)
    .filter((m) => !m.threadRootId || m.threadRootId === m.activityId)
    .filter((m) => JSON.stringify(m.card ?? {}).includes(alertId));

beforeAll(async () => {
  stack = await startStack({ scenario: 'empty' });
  const activity = messageActivity({
    serviceUrl: stack.connector.url,
    scope: 'channel',
    channelId: DEFAULT_CHANNEL_ID,
    text: '/subscribe',
    from: DEFAULT_MEMBERS[0],
  });
  expect((await stack.post(activity)).status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
});

describe('identities as Graph really sends them', () => {
  it('posts a card for a Defender alert whose user arrives after its first listing', async () => {
    const defender = makeAlert({
      title: 'Impossible travel activity',
      evidence: [ipEvidence('185.220.101.47')],
      ...times(20),
    });
    const dlp = makeDlpAlert({
      evidence: [userEvidence({ upn: 'Nestor.Wilke@contoso.com', roles: ['policyViolator'] })],
      ...times(15),
    });
    stack.sim.alerts.add(defender);
    stack.sim.alerts.add(dlp);
    stack.sim.holdEvidence(defender.id, [userEvidence({ upn: 'nestor.wilke@contoso.com' })]);
    const [card] = await eventually(
      () => (rootCards(defender.id).length ? rootCards(defender.id) : undefined),
      45_000,
      'the card once the late evidence is in',
    );
    const now = stack.sim.alerts.get(defender.id) as SecurityAlert;
    expect(now.evidence).toHaveLength(2);
    expect(Date.parse(now.lastUpdateDateTime)).toBeGreaterThan(Date.parse(defender.lastUpdateDateTime));
    expect(JSON.stringify(card?.card)).toContain('Correlated DLP alerts \\\\(1\\\\)');
    expect(JSON.stringify(card?.card)).toContain('same user \\\\(UPN\\\\)');
  });

  it('posts no card for two alerts that share only SYSTEM, DWM-1 and a machine account', async () => {
    const defender = makeAlert({
      title: 'Suspicious scheduled task',
      evidence: [
        processEvidence({ user: SYSTEM, mdeDeviceId: 'dev-aaaa' }),
        deviceEvidence({ mdeDeviceId: 'dev-aaaa', loggedOnUsers: NOT_PEOPLE }),
      ],
      ...times(12),
    });
    const dlp = makeDlpAlert({
      evidence: [
        userEvidence({ upn: 'Patti.Fernandez@contoso.com', roles: ['policyViolator'] }),
        processEvidence({ user: SYSTEM, mdeDeviceId: 'dev-bbbb' }),
        processEvidence({ user: { ...SYSTEM, domainName: 'NT-AUTORITÄT' }, mdeDeviceId: 'dev-bbbb' }),
        deviceEvidence({ mdeDeviceId: 'dev-bbbb', loggedOnUsers: NOT_PEOPLE }),
      ],
      ...times(10),
    });
    // A pair that does correlate, added after: once its card is out, the decoy has been polled too.
    const control = makeAlert({ evidence: [userEvidence({ upn: 'Alex.Wilber@contoso.com' })], ...times(12) });
    const controlDlp = makeDlpAlert({
      evidence: [userEvidence({ upn: 'alex.wilber@contoso.com', roles: ['policyViolator'] })],
      ...times(10),
    });
    for (const a of [defender, dlp, control, controlDlp]) stack.sim.alerts.add(a);
    await eventually(() => rootCards(control.id).length > 0, 45_000, 'the control card');
    const cycles = stack.bot.poller.status().cycles;
    await eventually(() => stack.bot.poller.status().cycles >= cycles + 2, 45_000, 'two more poll cycles');
    expect(rootCards(defender.id)).toEqual([]);
  });
});
