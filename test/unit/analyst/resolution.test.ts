import { CardActionError } from '../../../src/errors';
import { cardKey, type CardRecord } from '../../../src/records';
import { ANALYST, createWorld, throttled } from './world';

const FORM = { classification: 'falsePositive', determination: 'notMalicious', reason: 'Backup job.' };

describe('AnalystService.resolve', () => {
  it('PATCHes status, classification and determination once, then posts the reason naming the analyst', async () => {
    const w = await createWorld();
    await w.analyst.resolve(w.defender.id, ANALYST, FORM);
    expect(w.writer.patches).toEqual([
      {
        id: w.defender.id,
        update: { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' },
      },
    ]);
    expect(w.writer.posts).toEqual([
      {
        id: w.defender.id,
        text: `Resolved as False positive · Not malicious. Reason: Backup job.\n\n— ${ANALYST.name} (${ANALYST.upn}) via defender-dlp-bot`,
      },
    ]);
  });

  it('records who resolved, when, as what and why for the card', async () => {
    const w = await createWorld();
    await w.analyst.resolve(w.defender.id, ANALYST, FORM);
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.resolution).toMatchObject({
      by: { name: ANALYST.name, upn: ANALYST.upn },
      classification: 'falsePositive',
      determination: 'notMalicious',
      reason: 'Backup job.',
    });
  });

  it('refuses a determination that does not go with the classification before Graph sees it', async () => {
    const w = await createWorld();
    const attempt = w.analyst.resolve(w.defender.id, ANALYST, { ...FORM, determination: 'malware' });
    await expect(attempt).rejects.toThrow(CardActionError);
    await expect(attempt).rejects.toThrow('Pick one of: Not malicious, Not enough data to validate, Other.');
    expect(w.writer.patches).toEqual([]);
    expect(w.writer.posts).toEqual([]);
  });

  it('says the alert IS resolved when only the reason’s comment failed', async () => {
    const w = await createWorld();
    // Only the comment POST fails: the PATCH before it went through.
    w.writer.addComment = async () => {
      throw throttled();
    };
    await expect(w.analyst.resolve(w.defender.id, ANALYST, FORM)).rejects.toThrow(
      /The alert is resolved, but the reason could not be added as a comment/,
    );
    expect(w.writer.patches).toHaveLength(1);
  });
});

describe('AnalystService.classify and reopen', () => {
  it('classifies with a reason as one PATCH and one comment, without touching the status', async () => {
    const w = await createWorld();
    await w.analyst.classify(w.defender.id, ANALYST, {
      classification: 'truePositive',
      determination: 'other',
      reason: 'Exfiltration confirmed.',
    });
    expect(w.writer.patches[0]!.update).toEqual({ classification: 'truePositive', determination: 'other' });
    expect(w.writer.posts[0]!.text).toMatch(
      /^Classified as True positive · Other\. Reason: Exfiltration confirmed\./,
    );
  });

  it('classifies without a comment when no reason is given', async () => {
    const w = await createWorld();
    await w.analyst.classify(w.defender.id, ANALYST, { classification: 'truePositive' });
    expect(w.writer.posts).toEqual([]);
  });

  it('reopens as In progress and forgets the card’s resolution', async () => {
    const w = await createWorld();
    await w.analyst.resolve(w.defender.id, ANALYST, FORM);
    await w.analyst.reopen(w.defender.id);
    expect(w.writer.patches.at(-1)!.update).toEqual({ status: 'inProgress' });
    const rec = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(rec.resolution).toBeUndefined();
  });
});
