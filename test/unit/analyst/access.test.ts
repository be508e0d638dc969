import { AccessPolicy, type AccessOptions } from '../../../src/analyst';
import { FakeClock } from '../../helpers/clocks';
import { silentLogger } from '../../../src/log';

const GROUP = 'C0FFEE00-0000-4000-8000-000000000500';
const ADELE = {
  id: '29:adele',
  aadObjectId: 'b2f1c0de-0000-4000-8000-00000000a11e',
  name: 'Adele Vance',
  upn: 'AdeleV@contoso.com',
};
const GUEST = {
  id: '29:guest',
  aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001',
  name: 'Guest',
  upn: 'guest@fabrikam.com',
};

function policy(o: Partial<AccessOptions> = {}) {
  const clock = new FakeClock();
  const calls: Array<{ user: string; groups: string[] }> = [];
  const members = new Set<string>();
  let failing = false;
  const p = new AccessPolicy({
    analysts: [],
    localMode: false,
    clock,
    logger: silentLogger(),
    checkMemberGroups: async (user, groups) => {
      calls.push({ user, groups });
      if (failing) throw new Error('Graph unavailable');
      return members.has(user) ? groups.map((g) => g.toLowerCase()) : [];
    },
    ...o,
  });
  return { p, clock, calls, members, fail: (v: boolean) => (failing = v) };
}

describe('AccessPolicy: SOC_ANALYSTS', () => {
  it('allows an analyst listed by Entra object id, whatever its case', async () => {
    const { p } = policy({ analysts: [ADELE.aadObjectId.toLowerCase()] });
    await expect(
      p.canAct({ ...ADELE, aadObjectId: ADELE.aadObjectId.toUpperCase(), upn: undefined }),
    ).resolves.toMatchObject({
      allowed: true,
      via: 'SOC_ANALYSTS',
    });
  });

  it('allows an analyst listed by UPN, case-insensitively', async () => {
    const { p } = policy({ analysts: ['adelev@contoso.com'] });
    await expect(p.canAct({ ...ADELE, aadObjectId: undefined })).resolves.toMatchObject({ allowed: true });
  });

  it('matches a list written in mixed case (the policy does not rely on the config lower-casing it)', async () => {
    const { p } = policy({ analysts: ['AdeleV@Contoso.com'] });
    await expect(p.canAct({ ...ADELE, upn: 'adelev@contoso.COM' })).resolves.toMatchObject({ allowed: true });
  });

  it('refuses someone else, naming them and saying nothing changed', async () => {
    const { p } = policy({ analysts: ['adelev@contoso.com'] });
    const d = await p.canAct(GUEST);
    expect(d).toEqual({ allowed: false, reason: expect.stringContaining('Guest is not a SOC analyst') });
    expect(!d.allowed && d.reason).toContain('Nothing was changed');
  });

  it('says it could not confirm, not "not an analyst", when the UPN the list needs is not known yet', async () => {
    const { p } = policy({ analysts: ['adelev@contoso.com'] });
    const d = await p.canAct({ ...ADELE, upn: undefined });
    expect(d).toEqual({
      allowed: false,
      unverified: true,
      reason: expect.stringContaining('Could not confirm that Adele Vance is a SOC analyst'),
    });
    expect(!d.allowed && d.reason).toContain('Nothing was changed; try again');
    expect(!d.allowed && d.reason).not.toContain('is not a SOC analyst');
  });

  it('judges an unknown UPN as a plain refusal when the list holds object ids only', async () => {
    const { p } = policy({ analysts: [ADELE.aadObjectId] });
    const d = await p.canAct({ ...GUEST, upn: undefined });
    expect(d).toEqual({ allowed: false, reason: expect.stringContaining('Guest is not a SOC analyst') });
  });

  it('never matches an empty identity against the list', async () => {
    const { p } = policy({ analysts: ['adelev@contoso.com'] });
    await expect(p.canAct({ id: '29:x', name: 'Nobody' })).resolves.toMatchObject({ allowed: false });
  });
});

describe('AccessPolicy: SOC_ANALYST_GROUP_ID', () => {
  it('allows a member of the group, asking Graph checkMemberGroups with the object id and the group', async () => {
    const t = policy({ groupId: GROUP });
    t.members.add(ADELE.aadObjectId);
    await expect(t.p.canAct(ADELE)).resolves.toEqual({ allowed: true, via: 'SOC_ANALYST_GROUP_ID' });
    expect(t.calls).toEqual([{ user: ADELE.aadObjectId, groups: [GROUP] }]);
  });

  it('refuses a non-member', async () => {
    const t = policy({ groupId: GROUP });
    await expect(t.p.canAct(GUEST)).resolves.toMatchObject({ allowed: false });
  });

  it('refuses without asking Graph when Teams sent no object id', async () => {
    const t = policy({ groupId: GROUP });
    await expect(t.p.canAct({ ...ADELE, aadObjectId: undefined })).resolves.toMatchObject({ allowed: false });
    expect(t.calls).toEqual([]);
  });

  it('reuses a membership answer for the cache period, then asks again', async () => {
    const t = policy({ groupId: GROUP, cacheMs: 60_000 });
    t.members.add(ADELE.aadObjectId);
    await t.p.canAct(ADELE);
    await t.p.canAct(ADELE);
    expect(t.calls).toHaveLength(1);
    t.members.delete(ADELE.aadObjectId);
    t.clock.advance(60_001);
    await expect(t.p.canAct(ADELE)).resolves.toMatchObject({ allowed: false });
    expect(t.calls).toHaveLength(2);
  });

  it('caches refusals too (a non-member clicking repeatedly costs one Graph call)', async () => {
    const t = policy({ groupId: GROUP });
    await t.p.canAct(GUEST);
    await t.p.canAct(GUEST);
    expect(t.calls).toHaveLength(1);
  });

  it('fails closed when the membership check fails, and asks again next time', async () => {
    const t = policy({ groupId: GROUP });
    t.members.add(ADELE.aadObjectId);
    t.fail(true);
    await expect(t.p.canAct(ADELE)).resolves.toMatchObject({ allowed: false });
    t.fail(false);
    await expect(t.p.canAct(ADELE)).resolves.toMatchObject({ allowed: true });
    expect(t.calls).toHaveLength(2);
  });

  it('fails closed when no membership check is wired', async () => {
    const t = policy({ groupId: GROUP, checkMemberGroups: undefined });
    await expect(t.p.canAct(ADELE)).resolves.toMatchObject({ allowed: false });
  });

  it('allows a listed analyst without asking Graph', async () => {
    const t = policy({ groupId: GROUP, analysts: ['adelev@contoso.com'] });
    await expect(t.p.canAct(ADELE)).resolves.toMatchObject({ allowed: true, via: 'SOC_ANALYSTS' });
    expect(t.calls).toEqual([]);
  });
});

describe('AccessPolicy with nothing configured', () => {
  it('lets everyone act in local mode (no BOT_ID: the Playground)', async () => {
    const { p } = policy({ localMode: true });
    expect(p.unconfigured).toBe(true);
    await expect(p.canAct(GUEST)).resolves.toMatchObject({ allowed: true });
  });

  it('refuses everyone in production with a message for the operator', async () => {
    const { p } = policy({ localMode: false });
    const d = await p.canAct(ADELE);
    expect(d).toEqual({
      allowed: false,
      reason: expect.stringMatching(/operator must set SOC_ANALYSTS .*SOC_ANALYST_GROUP_ID/),
    });
  });

  it('applies the list in local mode once one is configured', async () => {
    const { p } = policy({ localMode: true, analysts: ['adelev@contoso.com'] });
    await expect(p.canAct(GUEST)).resolves.toMatchObject({ allowed: false });
  });
});
