import type { SecurityAlert } from '../../../src/model';
import { AlertStore, buildIncidents, HuntingStore } from '../../../simulator/state';

function alert(id: string, created: string, extra: Partial<SecurityAlert> = {}): SecurityAlert {
  return {
    id,
    createdDateTime: created,
    lastUpdateDateTime: created,
    severity: 'low',
    status: 'new',
    serviceSource: 'dataLossPrevention',
    comments: [],
    evidence: [],
    ...extra,
  };
}

describe('AlertStore', () => {
  let clock = Date.parse('2026-11-20T12:00:00Z');
  const store = (): AlertStore => new AlertStore(() => clock);

  it('lists most recent first, ties by id, whatever the timestamp format', () => {
    const s = store();
    s.addMany([
      alert('b', '2026-11-20T10:00:00Z'),
      alert('c', '2026-11-20T11:00:00.0000001Z'),
      alert('a', '2026-11-20T10:00:00.0000000Z'),
      alert('d', '2026-11-20T12:00:00+01:00'),
    ]);
    expect(s.all().map((a) => a.id)).toEqual(['c', 'd', 'a', 'b']); // d is 11:00Z, just before c
  });

  it('bumps lastUpdateDateTime on every change, strictly increasing even within one millisecond', () => {
    const s = store();
    s.add(alert('a', '2026-11-20T10:00:00Z'));
    const first = s.update('a', { status: 'inProgress' }).lastUpdateDateTime;
    const second = s.update('a', { assignedTo: 'x@contoso.com' }).lastUpdateDateTime;
    expect(first).toBe('2026-11-20T12:00:00.0000000Z');
    expect(second).toBe('2026-11-20T12:00:00.0000001Z');
    clock += 1000;
    expect(s.addComment('a', 'hello', 'Bot').at(-1)?.createdDateTime).toBe('2026-11-20T12:00:01.0000000Z');
    expect(s.get('a')?.lastUpdateDateTime).toBe('2026-11-20T12:00:01.0000000Z');
  });

  it('sets resolvedDateTime when resolving and clears it when reopening', () => {
    const s = store();
    s.add(alert('a', '2026-11-20T10:00:00Z'));
    expect(s.update('a', { status: 'resolved' }).resolvedDateTime).toBeTruthy();
    expect(s.update('a', { status: 'inProgress' }).resolvedDateTime).toBeNull();
  });

  it('never mutates an alert handed out earlier', () => {
    const s = store();
    s.add(alert('a', '2026-11-20T10:00:00Z'));
    const before = s.get('a')!;
    s.update('a', { status: 'resolved' });
    s.addComment('a', 'x', 'Bot');
    expect(before.status).toBe('new');
    expect(before.comments).toEqual([]);
  });

  it('recomputes a derived list after a change, and not before', () => {
    const s = store();
    s.add(alert('a', '2026-11-20T10:00:00Z'));
    let builds = 0;
    const build = (): string[] => (builds++, s.all().map((a) => a.id));
    s.derived('k', build);
    s.derived('k', build);
    expect(builds).toBe(1);
    s.add(alert('b', '2026-11-20T11:00:00Z'));
    expect(s.derived('k', build)).toEqual(['b', 'a']);
    expect(builds).toBe(2);
  });

  it('refuses unusable alerts and unknown ids with clear errors', () => {
    const s = store();
    expect(() => s.add(alert('', '2026-11-20T10:00:00Z'))).toThrow('non-empty string id');
    expect(() => s.add(alert('x', 'soon'))).toThrow(
      "Alert 'x': createdDateTime must be an ISO 8601 date-time",
    );
    expect(() => s.update('nope', {})).toThrow("No alert with id 'nope'");
    expect(s.remove('nope')).toBe(false);
  });
});

describe('incidents', () => {
  it('groups alerts by incidentId with the worst severity and the earliest creation', () => {
    const incidents = buildIncidents([
      alert('a', '2026-11-20T10:00:00Z', { incidentId: '7', severity: 'low', title: 'A' }),
      alert('b', '2026-11-20T09:00:00Z', {
        incidentId: '7',
        severity: 'high',
        status: 'inProgress',
        title: 'B',
      }),
      alert('c', '2026-11-20T11:00:00Z', { incidentId: '8', status: 'resolved', title: 'C' }),
    ]);
    expect(incidents.map((i) => i.id)).toEqual(['8', '7']);
    const seven = incidents[1]!;
    expect(seven).toEqual(
      expect.objectContaining({
        severity: 'high',
        status: 'inProgress',
        createdDateTime: '2026-11-20T09:00:00Z',
        alertIds: ['a', 'b'],
      }),
    );
    expect(seven.displayName).toBe('Multi-stage incident involving 2 alerts');
    expect(incidents[0]?.status).toBe('resolved');
  });
});

describe('HuntingStore', () => {
  it('adds rows to known tables only, with a readable Timestamp', () => {
    const h = new HuntingStore();
    h.add('CloudAppEvents', { Timestamp: '2026-11-20T10:00:00Z', ActionType: 'DlpRuleMatch' });
    expect(h.rows('CloudAppEvents')).toHaveLength(1);
    expect(() => h.add('DeviceEvents', { Timestamp: '2026-11-20T10:00:00Z' })).toThrow(
      "Unknown hunting table 'DeviceEvents'",
    );
    expect(() => h.add('CloudAppEvents', { Timestamp: 'later' })).toThrow(
      'needs Timestamp as an ISO 8601 date-time',
    );
    expect(h.table('Nope')).toBeUndefined();
  });

  it('collects detected values from both tables, including raw audit records', () => {
    const h = new HuntingStore();
    h.add('DataSecurityEvents', {
      Timestamp: '2026-11-20T10:00:00Z',
      SensitiveInfoTypeInfo: [{ DetectedValues: ['123-45-6789'] }],
    });
    h.add('CloudAppEvents', {
      Timestamp: '2026-11-20T10:00:00Z',
      RawEventData: {
        PolicyDetails: [
          {
            Rules: [
              {
                ConditionsMatched: {
                  SensitiveInformation: [
                    {
                      SensitiveInformationDetections: {
                        DetectedValues: [{ Name: 'Credit Card Number', Value: '4539148803436467' }],
                      },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    });
    h.add('DataSecurityEvents', {
      Timestamp: '2026-11-20T10:00:00Z',
      SensitiveInfoTypeInfo: JSON.stringify([{ DetectedValues: ['GB82 WEST 1234 5698 7654 32'] }]),
    });
    h.add('DataSecurityEvents', { Timestamp: '2026-11-20T10:00:00Z', SensitiveInfoTypeInfo: 'not json' });
    expect(h.detectedValues()).toEqual(['123-45-6789', 'GB82 WEST 1234 5698 7654 32', '4539148803436467']);
  });
});
