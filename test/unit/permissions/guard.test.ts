import { FakeClock } from '../../helpers/clocks';
import { silentLogger } from '../../../src/log';
import {
  guardGraph,
  PermissionMissingError,
  Permissions,
  type GuardableGraph,
} from '../../../src/permissions';

/** A Graph client that records what would have been sent. */
function recordingGraph(): GuardableGraph & { calls: string[] } {
  const calls: string[] = [];
  const alert = { id: 'a1' } as never;
  return {
    calls,
    listAlertsChangedSince: async () => (calls.push('listAlerts'), { alerts: [], pages: 1, skipped: 0 }),
    getAlert: async () => (calls.push('getAlert'), alert),
    addComment: async () => (calls.push('addComment'), []),
    updateAlert: async () => (calls.push('updateAlert'), alert),
    runHuntingQuery: async () => (calls.push('runHuntingQuery'), { schema: [], results: [] }),
    checkMemberGroups: async () => (calls.push('checkMemberGroups'), []),
    getUser: async () => (calls.push('getUser'), undefined),
  };
}

async function guarded(roles: string[] | undefined) {
  const graph = recordingGraph();
  const permissions = new Permissions({ grantedRoles: async () => roles }, new FakeClock(), silentLogger());
  await permissions.check();
  return { graph, ports: guardGraph(graph, permissions) };
}

async function callEvery(ports: ReturnType<typeof guardGraph>): Promise<Array<[string, unknown]>> {
  const attempts: Array<[string, () => Promise<unknown>]> = [
    ['listAlerts', () => ports.source.listAlertsChangedSince('2026-11-20T00:00:00Z')],
    ['getAlert', () => ports.writer.getAlert('a1')],
    ['addComment', () => ports.writer.addComment('a1', 'hi')],
    ['updateAlert', () => ports.writer.updateAlert('a1', { status: 'resolved' })],
    ['runHuntingQuery', () => ports.hunting.runHuntingQuery('DataSecurityEvents | take 1')],
    ['checkMemberGroups', () => ports.checkMemberGroups('u1', ['g1'])],
    ['getUser', () => ports.getUser('u1')],
  ];
  const out: Array<[string, unknown]> = [];
  for (const [op, call] of attempts)
    out.push([
      op,
      await call().then(
        () => 'sent',
        (err: unknown) => err,
      ),
    ]);
  return out;
}

describe('the permission guard on the Graph ports', () => {
  it('sends nothing that needs a permission the token lacks', async () => {
    const { graph, ports } = await guarded(['SecurityAlert.Read.All']);
    const outcomes = await callEvery(ports);
    expect(graph.calls).toEqual(['listAlerts', 'getAlert']);
    const refused = outcomes.filter(([, r]) => r instanceof PermissionMissingError);
    expect(refused.map(([op, e]) => [op, (e as PermissionMissingError).missing])).toEqual([
      ['addComment', 'SecurityAlert.ReadWrite.All'],
      ['updateAlert', 'SecurityAlert.ReadWrite.All'],
      ['runHuntingQuery', 'ThreatHunting.Read.All'],
      ['checkMemberGroups', 'GroupMember.Read.All'],
      ['getUser', 'User.ReadBasic.All'],
    ]);
  });

  it('does not poll without SecurityAlert.Read.All', async () => {
    const { graph, ports } = await guarded(['ThreatHunting.Read.All']);
    await expect(ports.source.listAlertsChangedSince('2026-11-20T00:00:00Z')).rejects.toThrow(
      'Not sent to Microsoft Graph: polling alerts needs the application permission SecurityAlert.Read.All',
    );
    expect(graph.calls).toEqual([]);
  });

  it('sends everything when every role is granted', async () => {
    const { graph, ports } = await guarded([
      'SecurityAlert.ReadWrite.All',
      'ThreatHunting.Read.All',
      'GroupMember.Read.All',
      'User.ReadBasic.All',
    ]);
    expect((await callEvery(ports)).every(([, r]) => r === 'sent')).toBe(true);
    expect(graph.calls).toHaveLength(7);
  });

  it('sends everything when the roles are unknown, and lets Graph decide', async () => {
    const { graph, ports } = await guarded(undefined);
    await callEvery(ports);
    expect(graph.calls).toHaveLength(7);
  });
});
