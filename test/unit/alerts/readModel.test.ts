import { toListItem } from '../../../src/alerts';
import { alertKey } from '../../../src/records';
import { BASE_MS, makeDlpAlert, timesAt, userEvidence } from '../../helpers/builders';
import { ANALYST, createWorld } from '../analyst/world';

describe('AlertReadModel', () => {
  it('renders the card of a correlated Defender alert and nothing for DLP or unknown ids', async () => {
    const w = await createWorld();
    const now = w.clock.now();
    expect(await w.alerts.card(w.defender.id, now)).toMatchObject({ type: 'AdaptiveCard' });
    expect(await w.alerts.card(w.dlps[0]!.id, now)).toBeUndefined();
    expect(await w.alerts.card('da-unknown', now)).toBeUndefined();
  });

  it('lists correlated alerts only, filtered', async () => {
    const w = await createWorld();
    const all = await w.alerts.listCorrelated({}, w.clock.now());
    expect(all.alerts.map((a) => a.id)).toEqual([w.defender.id]);
    expect((await w.alerts.listCorrelated({ status: 'resolved' }, w.clock.now())).total).toBe(0);
  });

  it('names the user of a listed alert by UPN even when the evidence lists a domain account first', async () => {
    const w = await createWorld();
    const alert = (await w.alerts.tracked(w.defender.id))!;
    const withAccountFirst = {
      ...alert,
      identities: [
        { kind: 'account' as const, key: 'account:contoso\\meganb', display: 'CONTOSO\\meganb' },
        ...alert.identities,
      ],
    };
    expect(toListItem(withAccountFirst).user).toBe('Megan.Bowen@contoso.com');
  });

  it('names a domain account when the alert has no UPN or mailbox', async () => {
    const w = await createWorld();
    const alert = (await w.alerts.tracked(w.defender.id))!;
    const accountOnly = {
      ...alert,
      identities: [{ kind: 'account' as const, key: 'account:contoso\\meganb', display: 'CONTOSO\\meganb' }],
    };
    expect(toListItem(accountOnly).user).toBe('CONTOSO\\meganb');
  });

  it('finds a user’s DLP alerts whatever the case of the UPN, with what they correlate with', async () => {
    const w = await createWorld();
    const view = await w.alerts.dlpForUser('MEGAN.BOWEN@CONTOSO.COM', 7 * 86_400_000, w.clock.now());
    expect(view.total).toBe(2);
    expect(view.alerts.every((a) => a.correlated.some((c) => c.id === w.defender.id))).toBe(true);
  });

  it('lists a DLP alert nothing correlated (kept in the poller’s segment, not a row) among the user’s', async () => {
    const w = await createWorld();
    const alone = makeDlpAlert({
      evidence: [userEvidence({ upn: 'megan.bowen@contoso.com', roles: ['policyViolator'] })],
      ...timesAt(BASE_MS - 5 * 3600_000),
    });
    await w.ingest(alone);
    expect(await w.store.get(alertKey(alone.id))).toBeUndefined();
    const view = await w.alerts.dlpForUser('megan.bowen@contoso.com', 7 * 86_400_000, w.clock.now());
    expect(view.total).toBe(3);
    expect(view.alerts.find((a) => a.id === alone.id)).toMatchObject({ correlated: [] });
  });

  it('shows the comment count and who enriched on the card after an enrich', async () => {
    const w = await createWorld();
    await w.analyst.enrich(w.defender.id, ANALYST);
    const view = (await w.alerts.cardView(w.defender.id))!;
    expect(view.commentCount).toBe(1);
    expect(view.lastEnriched?.by).toBe(`${ANALYST.name} (${ANALYST.upn})`);
  });
});
