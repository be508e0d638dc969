import { CardActionError, GraphError } from '../../../src/errors';
import { cardKey, type CardRecord } from '../../../src/records';
import { ANALYST, createWorld, throttled } from './world';

describe('AnalystService.enrich', () => {
  it('posts ONE comment that names the analyst by display name and UPN and lists every correlated DLP alert', async () => {
    const w = await createWorld();
    const outcome = await w.analyst.enrich(w.defender.id, ANALYST);
    expect(w.writer.posts).toHaveLength(1);
    const { id, text } = w.writer.posts[0]!;
    expect(id).toBe(w.defender.id);
    expect(text).toContain(`requested by ${ANALYST.name} (${ANALYST.upn})`);
    expect(text).toContain('2 correlated Purview DLP alerts');
    for (const d of w.dlps) expect(text).toContain(d.id);
    expect(outcome).toMatchObject({
      status: 'commented',
      dlpAlertIds: expect.arrayContaining(w.dlps.map((d) => d.id)),
    });
  });

  it('records who enriched on the card record and refreshes the cards', async () => {
    const w = await createWorld();
    await w.analyst.enrich(w.defender.id, ANALYST);
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.enrichment).toMatchObject({ by: { name: ANALYST.name, upn: ANALYST.upn } });
    expect(rec.enrichment!.dlpIds.sort()).toEqual(w.dlps.map((d) => d.id).sort());
    expect(w.refreshed).toEqual([w.defender.id]);
    expect((await w.alerts.tracked(w.defender.id))!.commentCount).toBe(1);
  });

  it('is idempotent: a second enrich posts nothing and says why', async () => {
    const w = await createWorld();
    await w.analyst.enrich(w.defender.id, ANALYST);
    const second = await w.analyst.enrich(w.defender.id, { ...ANALYST, name: 'Someone Else' });
    expect(second.status).toBe('unchanged');
    expect(w.writer.posts).toHaveLength(1);
  });

  it('gives a later DLP alert its own, shorter "more" comment', async () => {
    const w = await createWorld();
    await w.analyst.enrich(w.defender.id, ANALYST);
    const late = await w.lateDlp();
    const outcome = await w.analyst.enrich(w.defender.id, ANALYST);
    expect(outcome).toMatchObject({ status: 'commented', dlpAlertIds: [late.id] });
    const [first, second] = w.writer.posts;
    expect(second!.text).toContain('1 more correlated Purview DLP alert');
    expect(second!.text).toContain(late.id);
    for (const d of w.dlps) expect(second!.text).not.toContain(d.id);
    expect(second!.text.length).toBeLessThan(first!.text.length);
  });

  it('posts once when an analyst double-clicks (two concurrent enrich calls)', async () => {
    const w = await createWorld();
    const release = w.writer.hold();
    const both = Promise.all([
      w.analyst.enrich(w.defender.id, ANALYST),
      w.analyst.enrich(w.defender.id, ANALYST),
    ]);
    await new Promise((r) => setImmediate(r));
    release();
    const outcomes = await both;
    expect(w.writer.posts).toHaveLength(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['commented', 'unchanged']);
  });

  it('releases its claim when the comment POST fails, so the next click posts', async () => {
    const w = await createWorld();
    w.writer.failures.push(throttled());
    await expect(w.analyst.enrich(w.defender.id, ANALYST)).rejects.toBeInstanceOf(GraphError);
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.enrichment).toBeUndefined();
    const retry = await w.analyst.enrich(w.defender.id, ANALYST);
    expect(retry.status).toBe('commented');
    expect(w.writer.posts).toHaveLength(2);
  });

  it('keeps an earlier enrichment when a follow-up comment fails', async () => {
    const w = await createWorld();
    await w.analyst.enrich(w.defender.id, ANALYST);
    const late = await w.lateDlp();
    w.writer.failures.push(throttled());
    await expect(w.analyst.enrich(w.defender.id, ANALYST)).rejects.toThrow();
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.enrichment!.dlpIds.sort()).toEqual(w.dlps.map((d) => d.id).sort());
    const retry = await w.analyst.enrich(w.defender.id, ANALYST);
    expect(retry).toMatchObject({ status: 'commented', dlpAlertIds: [late.id] });
  });

  it('does not undo a claim another click made while its own POST was failing', async () => {
    const w = await createWorld();
    const release = w.writer.hold();
    w.writer.failures.push(throttled());
    const failing = w.analyst.enrich(w.defender.id, ANALYST);
    await new Promise((r) => setImmediate(r));
    const late = await w.lateDlp();
    const other = w.analyst.enrich(w.defender.id, { ...ANALYST, name: 'Second Analyst' });
    await new Promise((r) => setImmediate(r));
    release();
    await expect(failing).rejects.toThrow();
    await expect(other).resolves.toMatchObject({ status: 'commented', dlpAlertIds: [late.id] });
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.enrichment!.dlpIds).toEqual([late.id]);
  });

  it('keeps its claim once the comment is posted, even if the card refresh then fails', async () => {
    const w = await createWorld();
    w.faults.refresh = 1;
    await expect(w.analyst.enrich(w.defender.id, ANALYST)).resolves.toMatchObject({ status: 'commented' });
    await w.analyst.enrich(w.defender.id, ANALYST);
    expect(w.writer.posts).toHaveLength(1);
  });

  it('still comments when sensitive info cannot be read, saying so instead of failing', async () => {
    const w = await createWorld();
    const analyst = new (w.analyst.constructor as typeof import('../../../src/analyst').AnalystService)({
      graph: w.writer,
      sensitiveInfo: async () => {
        throw new GraphError({ status: 403, message: 'Missing role ThreatHunting.Read.All' });
      },
      alerts: w.alerts,
      store: w.store,
      refreshCards: async () => undefined,
      clock: w.clock,
      logger: w.logger,
    });
    await analyst.enrich(w.defender.id, ANALYST);
    expect(w.writer.posts[0]!.text).toContain(
      'could not read sensitive info types: Missing role ThreatHunting.Read.All',
    );
  });
});

describe('AnalystService writes', () => {
  it('attributes a comment to the analyst by name and UPN', async () => {
    const w = await createWorld();
    await w.analyst.comment(w.defender.id, ANALYST, 'Contained; user contacted.');
    expect(w.writer.posts).toEqual([
      {
        id: w.defender.id,
        text: `Contained; user contacted.\n\n— ${ANALYST.name} (${ANALYST.upn}) via defender-dlp-bot`,
      },
    ]);
    expect(w.refreshed).toEqual([w.defender.id]);
  });

  it('reports a posted comment as done even if the card refresh then fails (a retry would post it twice)', async () => {
    const w = await createWorld();
    w.faults.refresh = 1;
    await expect(w.analyst.comment(w.defender.id, ANALYST, 'Contained.')).resolves.toBeUndefined();
    expect(w.writer.posts).toHaveLength(1);
  });

  it('attributes by name alone when Teams shared no UPN', async () => {
    const w = await createWorld();
    await w.analyst.comment(w.defender.id, { id: '29:x', name: 'Guest User' }, 'hello');
    expect(w.writer.posts[0]!.text).toBe('hello\n\n— Guest User via defender-dlp-bot');
  });

  it('assigns to the analyst’s UPN', async () => {
    const w = await createWorld();
    const updated = await w.analyst.assignToMe(w.defender.id, ANALYST);
    expect(w.writer.patches).toEqual([{ id: w.defender.id, update: { assignedTo: ANALYST.upn } }]);
    expect(updated.assignedTo).toBe(ANALYST.upn);
    expect((await w.alerts.tracked(w.defender.id))!.assignedTo).toBe(ANALYST.upn);
  });

  it('refuses "assign to me" without a UPN, and writes nothing', async () => {
    const w = await createWorld();
    await expect(w.analyst.assignToMe(w.defender.id, { id: '29:x', name: 'Guest User' })).rejects.toThrow(
      /UPN is unknown/,
    );
    expect(w.writer.patches).toEqual([]);
  });

  it('PATCHes only the properties Graph accepts, with their values', async () => {
    const w = await createWorld();
    const smuggled = { status: 'resolved', title: 'pwned', comments: [{ comment: 'x' }], severity: 'low' };
    await w.analyst.triage(w.defender.id, smuggled as never);
    expect(w.writer.patches).toEqual([{ id: w.defender.id, update: { status: 'resolved' } }]);
  });

  it('PATCHes classification and determination together and shows them on the tracked alert', async () => {
    const w = await createWorld();
    await w.analyst.triage(w.defender.id, {
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
    });
    expect(w.writer.patches[0]!.update).toEqual({
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
    });
    expect(await w.alerts.tracked(w.defender.id)).toMatchObject({
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
    });
  });

  it('refuses a value outside the Graph enum (unknownFutureValue) before any PATCH', async () => {
    const w = await createWorld();
    await expect(
      w.analyst.triage(w.defender.id, { determination: 'unknownFutureValue' }),
    ).rejects.toBeInstanceOf(CardActionError);
    expect(w.writer.patches).toEqual([]);
  });
});

describe('AnalystService.requireCorrelated', () => {
  it('refuses an id the bot does not track', async () => {
    const w = await createWorld();
    await expect(w.analyst.requireCorrelated('da000000000000000000_1')).rejects.toThrow(
      /not a correlated Defender alert this bot tracks/,
    );
  });

  it('refuses a DLP alert id and an uncorrelated Defender alert', async () => {
    const w = await createWorld();
    await expect(w.analyst.requireCorrelated(w.dlps[0]!.id)).rejects.toBeInstanceOf(CardActionError);
    await expect(w.analyst.requireCorrelated(w.lonely.id)).rejects.toBeInstanceOf(CardActionError);
  });

  it('guards every write: nothing reaches Graph for an unknown alert', async () => {
    const w = await createWorld();
    const id = 'da-unknown';
    await expect(w.analyst.enrich(id, ANALYST)).rejects.toThrow();
    await expect(w.analyst.comment(id, ANALYST, 'x')).rejects.toThrow();
    await expect(w.analyst.triage(id, { status: 'resolved' })).rejects.toThrow();
    await expect(w.analyst.assignToMe(id, ANALYST)).rejects.toThrow();
    expect(w.writer.posts).toEqual([]);
    expect(w.writer.patches).toEqual([]);
  });
});

describe('AnalystService.sensitiveInfo', () => {
  it('reads the types of every correlated DLP alert', async () => {
    const w = await createWorld();
    const r = await w.analyst.sensitiveInfo(w.defender.id);
    expect(r.alert.id).toBe(w.defender.id);
    expect(r.results.map((x) => x.dlp.id).sort()).toEqual(w.dlps.map((d) => d.id).sort());
    expect(r.results[0]!.info.types[0]).toMatchObject({ name: 'Credit Card Number', count: 12 });
  });
});
