import {
  FEATURES,
  canCall,
  featureReadiness,
  permissionForOperation,
  type GraphOperation,
} from '../../../src/permissions/roles';

describe('featureReadiness', () => {
  it('says "ready" for every feature of a fully granted app', () => {
    const all = featureReadiness([
      'SecurityAlert.ReadWrite.All',
      'ThreatHunting.Read.All',
      'GroupMember.Read.All',
      'SecurityIncident.Read.All',
    ]);
    for (const f of FEATURES)
      expect(all[f]).toEqual({ ready: true, verified: true, missing: [], message: 'ready' });
  });

  it('names the one missing permission', () => {
    const r = featureReadiness(['SecurityAlert.Read.All']);
    expect(r.sensitiveInfo).toEqual({
      ready: false,
      verified: true,
      missing: ['ThreatHunting.Read.All'],
      message: 'missing ThreatHunting.Read.All',
    });
    expect(r.alerts.ready).toBe(true);
    expect(r.actions.message).toBe('missing SecurityAlert.ReadWrite.All');
  });

  it('accepts ReadWrite for reading alerts and any of the directory roles for group access', () => {
    const r = featureReadiness(['SecurityAlert.ReadWrite.All', 'Directory.Read.All']);
    expect(r.alerts.ready).toBe(true);
    expect(r.groupAccess.ready).toBe(true);
  });

  it('lists the alternatives when none is granted', () => {
    expect(featureReadiness([]).groupAccess.message).toBe(
      'missing one of GroupMember.Read.All, Group.Read.All, Directory.Read.All',
    );
    expect(featureReadiness([]).groupAccess.missing).toEqual(['GroupMember.Read.All']);
  });

  it('does not claim to have checked anything when the roles are unknown', () => {
    const r = featureReadiness(undefined);
    for (const f of FEATURES) expect(r[f]).toMatchObject({ ready: true, verified: false, missing: [] });
  });
});

describe('permissionForOperation', () => {
  it.each<[GraphOperation, string]>([
    ['listAlerts', 'SecurityAlert.Read.All'],
    ['getAlert', 'SecurityAlert.Read.All'],
    ['addComment', 'SecurityAlert.ReadWrite.All'],
    ['updateAlert', 'SecurityAlert.ReadWrite.All'],
    ['runHuntingQuery', 'ThreatHunting.Read.All'],
    ['checkMemberGroups', 'GroupMember.Read.All'],
    ['getUser', 'User.ReadBasic.All'],
    ['listIncidents', 'SecurityIncident.Read.All'],
  ])('%s needs %s (or a broader role)', (op, least) => {
    expect(permissionForOperation(op).anyOf[0]).toBe(least);
  });

  it('lets a caller skip a request that would get a 403', () => {
    expect(canCall('runHuntingQuery', ['SecurityAlert.Read.All'])).toBe(false);
    expect(canCall('runHuntingQuery', ['ThreatHunting.Read.All'])).toBe(true);
    expect(canCall('addComment', undefined)).toBeUndefined();
  });
});
