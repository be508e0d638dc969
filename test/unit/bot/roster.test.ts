import { mentionActivity } from '../../../src/bot/roster';

describe('mentionActivity', () => {
  it('puts <at>Name</at> in the text and a mention entity with the Teams user id', () => {
    const a = mentionActivity(
      { upn: 'meganb@contoso.com', name: 'Megan Bowen', teamsId: '29:1megan', aadObjectId: 'a-b' },
      (tag) => `${tag}, you have an alert.`,
    );
    expect(a.text).toBe('<at>Megan Bowen</at>, you have an alert.');
    expect(a.entities).toEqual([
      { type: 'mention', text: '<at>Megan Bowen</at>', mentioned: { id: '29:1megan', name: 'Megan Bowen' } },
    ]);
  });

  it('falls back to the Entra object id when the roster gave no Teams id (a directory lookup)', () => {
    const a = mentionActivity(
      { upn: 'x@contoso.com', name: 'X', aadObjectId: '6b3f2a10-0000-4000-8000-00000000abcd' },
      (t) => t,
    );
    expect(a.entities[0]!.mentioned.id).toBe('6b3f2a10-0000-4000-8000-00000000abcd');
  });

  it('escapes a display name that carries markup, so it cannot close the <at> tag', () => {
    const a = mentionActivity({ upn: 'e@contoso.com', name: 'Eve</at><b>x', teamsId: '29:e' }, (t) => t);
    expect(a.text).toBe('<at>Eve&lt;/at&gt;&lt;b&gt;x</at>');
    expect(a.entities[0]!.text).toBe(a.text);
  });
});
