import { alertCard } from '../../../src/cards/alertCard';
import { VERBS } from '../../../src/cards/actions';
import type { AdaptiveCard } from '../../../src/cards/render';
import { expectValidCard, markdownTexts, objectsOfType, walk } from './cardChecks';
import { NOW, makeAlertCardView } from './fixtures';

type Json = Record<string, unknown>;

function actions(card: AdaptiveCard): Json[] {
  const out: Json[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
  });
  return out;
}
const topTitles = (card: AdaptiveCard) => ((card.actions ?? []) as Json[]).map((a) => a.title);

const resolvedView = () => {
  const base = makeAlertCardView();
  return makeAlertCardView({
    alert: {
      ...base.alert,
      status: 'resolved',
      classification: 'falsePositive',
      determination: 'notMalicious',
    },
    resolution: {
      by: 'Megan Bowen (meganb@contoso.com)',
      at: new Date(NOW - 3 * 60_000).toISOString(),
      classification: 'falsePositive',
      determination: 'notMalicious',
      reason: 'Backup job copying HR files to the sanctioned share.',
    },
  });
};

describe('the alert card while the alert is open', () => {
  const card = alertCard(makeAlertCardView(), NOW);

  it('keeps at most five card-level actions (the parser and Teams drop the rest)', () => {
    expectValidCard(card);
    expect(topTitles(card)).toEqual([
      'Assign to me',
      'Assign to…',
      'Resolve / classify',
      'Set status',
      'Comment',
    ]);
  });

  it('offers a people picker on the conversation’s members and a UPN text input beside it', () => {
    const picker = objectsOfType(card, 'Input.ChoiceSet').find((i) => i.id === 'assigneeId')!;
    expect(picker['choices.data']).toEqual({
      type: 'Data.Query',
      dataset: 'graph.microsoft.com/users?scope=currentContext',
    });
    const text = objectsOfType(card, 'Input.Text').find((i) => i.id === 'assigneeUpn')!;
    expect(text).toMatchObject({ style: 'Email' });
    const assign = actions(card).find((a) => a.verb === VERBS.assignTo)!;
    expect(assign.associatedInputs).toBeUndefined();
  });

  it('names each determination’s classification, so a mismatch shows before it is refused', () => {
    const determination = objectsOfType(card, 'Input.ChoiceSet').find((i) => i.id === 'determination')!;
    const titles = (determination.choices as Json[]).map((c) => c.title);
    expect(titles).toContain('Malware (True positive)');
    expect(titles).toContain('Not malicious (False positive)');
    expect(titles).toContain('Other (any classification)');
  });

  it('does not offer Reopen', () => {
    expect(actions(card).some((a) => a.verb === VERBS.reopen)).toBe(false);
  });
});

describe('the alert card once resolved', () => {
  const card = alertCard(resolvedView(), NOW);

  it('collapses: the triage actions are gone, Reopen, Comment and Refresh stay', () => {
    expectValidCard(card);
    const verbs = actions(card).map((a) => a.verb);
    for (const v of [VERBS.assignToMe, VERBS.assignTo, VERBS.resolve, VERBS.classify, VERBS.setStatus])
      expect(verbs).not.toContain(v);
    expect(verbs).toEqual(expect.arrayContaining([VERBS.reopen, VERBS.comment, VERBS.refresh]));
    expect(objectsOfType(card, 'Input.ChoiceSet')).toEqual([]);
  });

  it('shows who resolved it, when, as what and why', () => {
    const text = markdownTexts(card).join('\n');
    expect(text).toContain('Resolved as False positive · Not malicious by Megan Bowen');
    expect(text).toContain('(3 min ago)');
    expect(text).toContain('Reason: Backup job copying HR files to the sanctioned share.');
  });

  it('shows Graph’s own classification for an alert resolved in the portal', () => {
    const base = makeAlertCardView();
    const c = alertCard(
      makeAlertCardView({ alert: { ...base.alert, status: 'resolved', classification: 'truePositive' } }),
      NOW,
    );
    expect(markdownTexts(c).join('\n')).toContain('Resolved as True positive');
    expect(markdownTexts(c).join('\n')).not.toContain('Reason:');
  });

  it('offers nothing that writes when actions are unavailable, Reopen included', () => {
    const c = alertCard({ ...resolvedView(), features: { actions: 'no permission' } }, NOW);
    expect(actions(c).some((a) => a.verb === VERBS.reopen)).toBe(false);
  });

  it('expands again when the alert is reopened', () => {
    const reopened = resolvedView();
    const c = alertCard({ ...reopened, alert: { ...reopened.alert, status: 'inProgress' } }, NOW);
    expect(actions(c).some((a) => a.verb === VERBS.resolve)).toBe(true);
    expect(markdownTexts(c).join('\n')).not.toContain('Reason:');
  });
});
