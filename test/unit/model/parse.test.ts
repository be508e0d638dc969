import { parseAlert, parseAlertPage } from '../../../src/model';
import { makeAlert, makeDlpAlert, userEvidence } from '../../helpers/builders';

/** A page body as Graph's JSON gives it: fresh objects nobody else holds. */
const fresh = (items: unknown[]): unknown[] => JSON.parse(JSON.stringify(items)) as unknown[];

describe('parseAlertPage', () => {
  it('gives for each item exactly what parseAlert gives, and counts the unusable ones', () => {
    const items = [
      makeAlert({ evidence: [userEvidence({ upn: 'alice@contoso.com' })] }),
      makeDlpAlert({}),
      { id: '', lastUpdateDateTime: '2026-01-01T00:00:00Z' },
      { id: 'no-times' },
      'not an alert',
      { id: 'bare', lastUpdateDateTime: '2026-01-01T00:00:00Z', evidence: 'nope', comments: null },
      {
        id: 'mixed',
        createdDateTime: '2026-01-01T00:00:00Z',
        severity: '',
        evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence' }, { no: 'type' }, null],
        comments: [{ comment: 'kept' }, { comment: 3 }],
      },
    ];
    const expected = fresh(items)
      .map((i) => parseAlert(i))
      .filter((a) => a !== undefined);
    const page = parseAlertPage(fresh(items));
    expect(page.skipped).toBe(3);
    expect(page.alerts).toEqual(expected);
    const mixed = page.alerts.find((a) => a.id === 'mixed');
    expect(mixed?.evidence).toHaveLength(1);
    expect(mixed?.comments).toEqual([{ comment: 'kept' }]);
    expect(mixed?.severity).toBe('unknown');
    expect(mixed?.lastUpdateDateTime).toBe('2026-01-01T00:00:00Z');
  });

  it('answers an empty page for a value that is not a list', () => {
    expect(parseAlertPage({ value: [] })).toEqual({ alerts: [], skipped: 0 });
  });
});
