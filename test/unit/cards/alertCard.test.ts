import { alertCard } from '../../../src/cards/alertCard';
import { VERBS } from '../../../src/cards/actions';
import { MAX_CARD_BYTES, cardBytes, type AdaptiveCard } from '../../../src/cards/render';
import {
  expectValidCard,
  markdownTexts,
  objectsOfType,
  parseEvents,
  unescapedSpecials,
  walk,
} from './cardChecks';
import { HOSTILE_TITLE, NOW, makeAlertCardView, makeDlpMatch, manyMatches } from './fixtures';

type Json = Record<string, unknown>;

const texts = (card: AdaptiveCard): string => markdownTexts(card).join('\n');
const titles = (actions: Json[]): unknown[] => actions.map((a) => a.title);
const allActions = (card: AdaptiveCard): Json[] => {
  const out: Json[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
  });
  return out;
};

describe('alertCard', () => {
  const view = makeAlertCardView();
  const card = alertCard(view, NOW);

  it('renders the full card (snapshot)', () => {
    expect(card).toMatchSnapshot();
  });

  it('is a valid Adaptive Card 1.5 that the adaptivecards parser accepts without events', () => {
    expectValidCard(card);
    expect(card.msteams).toEqual({ width: 'Full' });
  });

  it('shows severity, title, source, users, devices, times, triage fields and the incident link', () => {
    const t = texts(card);
    expect(t).toContain('🔴 High severity · Defender for Endpoint');
    expect(t).toContain('Suspicious PowerShell download of a file');
    expect(t).toContain('Alice.\u200DWilber@contoso.\u200Dcom');
    expect(t).toContain('laptop-0042.\u200Dcontoso.\u200Dcom');
    expect(t).toContain('14:03 UTC (27 min ago)');
    expect(t).toContain('14:20 UTC (10 min ago)');
    expect(t).toContain('In progress');
    expect(t).toContain('bob@contoso.\u200Dcom');
    expect(t).toContain('True positive');
    expect(t).toContain('Malware');
    expect(t).toContain('[\\#4711](https://security.microsoft.com/incidents/4711)');
  });

  it('lists the correlated DLP alerts closest first, with how they matched, the offset and the window', () => {
    const t = texts(card);
    expect(t).toContain('Correlated DLP alerts \\(3\\)');
    expect(t).toContain('within ±30 min');
    const lines = t.split('\n');
    const first = lines.findIndex((l) => l.includes('Q3 payroll'));
    const second = lines.findIndex((l) => l.includes('Credit card numbers'));
    const third = lines.findIndex((l) => l.includes('USB copy'));
    expect(first).toBeLessThan(second);
    expect(second).toBeLessThan(third);
    expect(lines[first + 1]).toBe(
      '14:07 UTC (+4 min) · same user \\(UPN\\): Alice.\u200DWilber@contoso.\u200Dcom',
    );
    expect(lines[second + 1]).toBe(
      '13:51 UTC (\u221212 min) · same Entra object id: 6f1c2a4e-0000-4000-8000-000000000001',
    );
    expect(lines[third + 1]).toBe('14:07 UTC (+25 min) · same Defender incident');
  });

  it('names every way a match can be explained', () => {
    const kinds = ['upn', 'aadUserId', 'mailbox', 'device', 'account', 'futureKind'];
    const c = alertCard(
      makeAlertCardView({
        dlp: kinds.map((kind, i) =>
          makeDlpMatch({ dlpAlertId: `d${i}`, identity: { kind, display: `id${i}` }, deltaMs: i * 1000 }),
        ),
      }),
      NOW,
    );
    const t = texts(c);
    for (const how of [
      'same user \\(UPN\\)',
      'same Entra object id',
      'same mailbox',
      'same device',
      'same account',
      'same futureKind',
    ]) {
      expect(t).toContain(how);
    }
  });

  it('marks a shared identity as weak evidence, also on a match that stands on its incident', () => {
    const shared = { kind: 'mailbox', display: 'helpdesk@contoso.com', shared: true };
    const c = alertCard(
      makeAlertCardView({ dlp: [makeDlpMatch({ via: 'incident', identity: shared })] }),
      NOW,
    );
    const t = texts(c);
    expect(t).toContain('same Defender incident');
    expect(t).toMatch(/weak evidence: shares helpdesk@contoso\S*com, a shared identity/);
    const plain = texts(alertCard(makeAlertCardView({ dlp: [makeDlpMatch()] }), NOW));
    expect(plain).not.toContain('weak evidence');
  });

  it('shows the last comment, its author and the "last enriched by" line', () => {
    const t = texts(card);
    expect(t).toContain('Last comment \\(of 2\\)');
    expect(t).toContain('Contained the device.\n\nWaiting for the user.');
    expect(t).toContain('— Bob Analyst, 14:25 UTC (5 min ago)');
    expect(t).toContain(
      '🧩 Last enriched by Bob Analyst \\(bob@contoso.\u200Dcom\\) at 14:26 UTC (4 min ago)',
    );
  });

  it('puts verb and { alertId, cardVersion, tenant } on every Action.Execute, the refresh block included', () => {
    const executes = allActions(card).filter((a) => a.type === 'Action.Execute');
    expect(executes.map((a) => a.verb).sort()).toEqual(
      [
        VERBS.enrich,
        VERBS.sit,
        VERBS.assignToMe,
        VERBS.assignTo,
        VERBS.setStatus,
        VERBS.resolve,
        VERBS.classify,
        VERBS.comment,
        VERBS.refresh,
        VERBS.refresh,
      ].sort(),
    );
    for (const a of executes)
      expect(a.data).toEqual({ alertId: view.alert.id, cardVersion: view.cardVersion, tenant: 'default' });
    expect(card.refresh?.action).toMatchObject({ type: 'Action.Execute', verb: VERBS.refresh });
    expect(card.refresh?.userIds).toEqual([]); // the same card for everyone: nobody auto-refreshes it
  });

  it('offers the triage forms with the right inputs and the current values pre-selected', () => {
    const showCards = allActions(card).filter((a) => a.type === 'Action.ShowCard');
    expect(titles(showCards)).toEqual(['Assign to…', 'Resolve / classify', 'Set status', 'Comment']);
    const status = objectsOfType(card, 'Input.ChoiceSet').find((i) => i.id === 'status')!;
    expect(status.value).toBe('inProgress');
    // Resolving asks for a classification and a reason: it is not a plain status change on the card.
    expect((status.choices as Json[]).map((c) => c.value)).toEqual(['new', 'inProgress']);
    const determination = objectsOfType(card, 'Input.ChoiceSet').find((i) => i.id === 'determination')!;
    expect((determination.choices as Json[]).map((c) => c.value)).not.toContain('unknownFutureValue');
    expect((determination.choices as Json[]).map((c) => c.value)).not.toContain('apt');
    expect(determination.isRequired).toBe(true);
    const reason = objectsOfType(card, 'Input.Text').find((i) => i.id === 'reason')!;
    expect(reason).toMatchObject({ isRequired: true, maxLength: 500 });
    const comment = objectsOfType(card, 'Input.Text').find((i) => i.id === 'commentText')!;
    expect(comment).toMatchObject({ id: 'commentText', maxLength: 2000, isMultiline: true });
  });

  it('links "Open in Defender" to the alert', () => {
    const open = allActions(card).find((a) => a.type === 'Action.OpenUrl');
    expect(open).toEqual({ type: 'Action.OpenUrl', title: 'Open in Defender', url: view.alert.alertWebUrl });
  });

  it('drops links that are not https on security.microsoft.com or the allowed host', () => {
    const alert = {
      ...view.alert,
      alertWebUrl: 'https://evil.example/phish',
      incidentWebUrl: 'http://security.microsoft.com/i/1',
    };
    const c = alertCard({ ...view, alert }, NOW);
    expect(allActions(c).some((a) => a.type === 'Action.OpenUrl')).toBe(false);
    expect(texts(c)).not.toContain('](');
    expect(texts(c)).toContain('\\#4711');
    const local = alertCard(
      {
        ...view,
        alert: { ...alert, alertWebUrl: 'https://localhost:8443/alerts/1' },
        allowedUrlHost: 'localhost:8443',
      },
      NOW,
    );
    expect(allActions(local).find((a) => a.type === 'Action.OpenUrl')?.url).toBe(
      'https://localhost:8443/alerts/1',
    );
  });

  it('puts the given refresh user ids on the refresh block', () => {
    const c = alertCard({ ...view, refreshUserIds: ['29:1abc', '29:2def'] }, NOW);
    expect(c.refresh?.userIds).toEqual(['29:1abc', '29:2def']);
  });

  it('shows a banner in the colour of its kind', () => {
    for (const [kind, style] of [
      ['info', 'accent'],
      ['warning', 'warning'],
      ['error', 'attention'],
    ] as const) {
      const c = alertCard(
        { ...view, banner: { kind, text: 'Graph is throttling us; retrying in 20 s' } },
        NOW,
      );
      const first = c.body[0] as Json;
      expect(first).toMatchObject({ type: 'Container', style });
      expect(JSON.stringify(first)).toContain('Graph is throttling us; retrying in 20 s');
    }
    expect(JSON.stringify(card.body[0])).not.toContain('throttling');
  });
});

describe('alertCard with unavailable features', () => {
  it('replaces the write actions by a note when actions are unavailable, never a button that would fail', () => {
    const reason = 'missing Graph permission SecurityAlert.ReadWrite.All';
    const c = alertCard(makeAlertCardView({ features: { actions: reason } }), NOW);
    expectValidCard(c);
    const verbs = allActions(c)
      .map((a) => a.verb)
      .filter(Boolean);
    expect(verbs).toEqual(expect.arrayContaining([VERBS.sit, VERBS.refresh]));
    for (const v of [
      VERBS.enrich,
      VERBS.assignToMe,
      VERBS.assignTo,
      VERBS.setStatus,
      VERBS.resolve,
      VERBS.classify,
      VERBS.comment,
    ])
      expect(verbs).not.toContain(v);
    expect(objectsOfType(c, 'Input.Text')).toEqual([]);
    expect(texts(c)).toContain(
      'unavailable: missing Graph permission SecurityAlert.\u200DReadWrite.\u200DAll',
    );
  });

  it('replaces the Sensitive info types button by a note when SITs are unavailable', () => {
    const c = alertCard(
      makeAlertCardView({ features: { sit: 'missing Graph permission ThreatHunting.Read.All' } }),
      NOW,
    );
    expectValidCard(c);
    expect(allActions(c).map((a) => a.verb)).not.toContain(VERBS.sit);
    expect(texts(c)).toContain(
      'Sensitive info types are unavailable: missing Graph permission ThreatHunting',
    );
  });

  it('still offers Refresh and Open in Defender when nothing else is available', () => {
    const c = alertCard(
      makeAlertCardView({ features: { actions: 'no permission', sit: 'no permission' } }),
      NOW,
    );
    expectValidCard(c);
    // The refresh block's action comes first in document order.
    expect(allActions(c).map((a) => a.title)).toEqual(['Refresh', 'Open in Defender', 'Refresh']);
  });
});

describe('alertCard with hostile or odd input', () => {
  it('shows a hostile title as text: no clickable link, no bold', () => {
    const c = alertCard(
      makeAlertCardView({ alert: { ...makeAlertCardView().alert, title: HOSTILE_TITLE } }),
      NOW,
    );
    const header = (c.body[0] as Json).items as Json[];
    const title = header[1]!.text as string;
    expect(unescapedSpecials(title)).toEqual([]);
    expect(title).toContain('\\[click\\]\\(https://\u200Devil.\u200Dexample\\) \\*\\*urgent\\*\\*');
    expect(c.fallbackText).not.toContain('https://evil');
  });

  it('escapes every untrusted field the same way', () => {
    const evil = '[x](https://evil.example) **b** <i>';
    const base = makeAlertCardView();
    const c = alertCard(
      {
        ...base,
        alert: {
          ...base.alert,
          title: evil,
          description: evil,
          assignedTo: evil,
          incidentId: evil,
          serviceSource: evil,
        },
        users: [evil],
        devices: [evil],
        dlp: [makeDlpMatch({ title: evil, identity: { kind: 'upn', display: evil } })],
        lastComment: { text: evil, author: evil },
        lastEnriched: { by: evil, at: '2026-03-02T14:00:00Z' },
        banner: { kind: 'error', text: evil },
      },
      NOW,
    );
    expectValidCard(c);
    const all = markdownTexts(c);
    // Every field shows the words, escaped, and nothing of the Markdown survives.
    expect(
      all.filter((t) => t.includes('\\[x\\]\\(https://\u200Devil.\u200Dexample\\) \\*\\*b\\*\\* \\<i\\>'))
        .length,
    ).toBeGreaterThanOrEqual(9);
    for (const text of all) {
      expect(text).not.toContain('[x]');
      expect(text).not.toContain('**b');
      expect(text).not.toContain('<i>');
      expect(text).not.toContain('https://evil');
    }
  });

  it('cannot be injected with template expressions through data', () => {
    const base = makeAlertCardView();
    const c = alertCard(
      { ...base, alert: { ...base.alert, title: '${verbs.enrich} ${actionData}', assignedTo: '${$root}' } },
      NOW,
    );
    const json = JSON.stringify(c);
    expect(json).not.toContain('alert.enrich ');
    expect(json).not.toContain('${');
    expect(texts(c)).toContain('$\u200D\\{verbs.\u200Denrich\\} $\u200D\\{actionData\\}');
  });

  it('shows unknown enum values as sent and missing fields as words', () => {
    const c = alertCard(
      {
        alert: {
          id: 'a1',
          severity: 'catastrophic',
          status: 'snoozed',
          serviceSource: 'microsoftQuantumDefender',
        },
        dlp: [],
        cardVersion: 0,
      },
      NOW,
    );
    expectValidCard(c);
    const t = texts(c);
    expect(t).toContain('⚪ catastrophic severity · microsoftQuantumDefender');
    expect(t).toContain('Untitled Defender alert');
    expect(t).toContain('snoozed');
    expect(t).toContain('Unassigned');
    expect(t).toContain('No Purview DLP alert is correlated with this alert yet.');
    expect(t).toContain('unknown time');
  });

  it('names a source it does not know by Graph productName when one is given', () => {
    const c = alertCard(
      {
        alert: {
          id: 'a1',
          severity: 'low',
          status: 'new',
          serviceSource: 'unknownFutureValue',
          productName: 'Microsoft Sentinel',
        },
        dlp: [],
        cardVersion: 0,
      },
      NOW,
    );
    expect(texts(c)).toContain('🟡 Low severity · Microsoft Sentinel');
  });

  it('refuses a view without an alert id or with a bad card version', () => {
    const base = makeAlertCardView();
    expect(() => alertCard({ ...base, alert: { ...base.alert, id: '' } }, NOW)).toThrow(
      /alert\.id is required/,
    );
    expect(() => alertCard({ ...base, cardVersion: -1 }, NOW)).toThrow(/cardVersion/);
  });
});

describe('alertCard size', () => {
  it('stays under 28 KB with 200 DLP matches and ends the list with "and N more"', () => {
    const c = alertCard(makeAlertCardView({ dlp: manyMatches(200) }), NOW);
    expect(cardBytes(c)).toBeLessThan(MAX_CARD_BYTES);
    expect(parseEvents(c)).toEqual([]);
    const t = markdownTexts(c);
    const shown = t.filter((x) => x.includes('DLP policy match')).length;
    expect(shown).toBeGreaterThan(0);
    expect(t).toContain(`… and ${200 - shown} more`);
  });

  it('stays under 28 KB when every field is at its longest and made of 4-byte characters', () => {
    const huge = '𝕏'.repeat(5000);
    const base = makeAlertCardView();
    const c = alertCard(
      {
        ...base,
        alert: {
          ...base.alert,
          title: huge,
          description: huge,
          assignedTo: huge,
          incidentId: huge,
          productName: huge,
        },
        users: Array(50).fill(huge),
        devices: Array(50).fill(huge),
        dlp: manyMatches(500).map((m) => ({ ...m, title: huge, identity: { kind: 'upn', display: huge } })),
        lastComment: { text: huge, author: huge, at: '2026-03-02T14:00:00Z' },
        lastEnriched: { by: huge, at: '2026-03-02T14:00:00Z' },
        banner: { kind: 'error', text: huge },
        features: { actions: huge, sit: huge },
        refreshUserIds: Array(500).fill('29:' + 'x'.repeat(100)),
      },
      NOW,
    );
    expect(cardBytes(c)).toBeLessThan(MAX_CARD_BYTES);
    expect(parseEvents(c)).toEqual([]);
  });
});

describe('alertCard snooze group', () => {
  it('offers Snooze… with the duration, date and high-severity inputs and one button per known target', () => {
    const c = alertCard(makeAlertCardView({ snooze: { user: 'alex@contoso.com', detector: true } }), NOW);
    expectValidCard(c);
    const snooze = allActions(c).find((a) => a.title === 'Snooze…')!;
    expect(snooze.type).toBe('Action.ShowCard');
    const inputs = objectsOfType(snooze.card as AdaptiveCard, 'Input.ChoiceSet')
      .concat(objectsOfType(snooze.card as AdaptiveCard, 'Input.Date'))
      .concat(objectsOfType(snooze.card as AdaptiveCard, 'Input.Toggle'));
    expect(inputs.map((i) => i.id)).toEqual(['snoozeFor', 'snoozeUntil', 'snoozeHigh']);
    const buttons = allActions(snooze.card as AdaptiveCard).filter((a) => a.verb === VERBS.snooze);
    // Untrusted text is neutralised like every other (a zero-width joiner keeps clients from autolinking).
    expect(titles(buttons)).toEqual(['Snooze alex@contoso.\u200Dcom', 'Snooze this detector']);
    expect(buttons.map((b) => (b.data as Json).snoozeTarget)).toEqual(['user', 'detector']);
  });

  it('offers only the detector when the alert names no user, and nothing when neither is known', () => {
    const detectorOnly = alertCard(makeAlertCardView({ snooze: { user: null, detector: true } }), NOW);
    expect(
      allActions(detectorOnly)
        .filter((a) => a.verb === VERBS.snooze)
        .map((a) => a.title),
    ).toEqual(['Snooze this detector']);
    const none = alertCard(makeAlertCardView({ snooze: { user: null, detector: false } }), NOW);
    expect(allActions(none).map((a) => a.title)).not.toContain('Snooze…');
  });
});
