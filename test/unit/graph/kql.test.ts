import {
  checkTarget,
  cloudAppEventsQuery,
  dataSecurityEventsQuery,
  kqlString,
  type HuntingTarget,
} from '../../../src/graph/kql';

const FROM = '2026-01-05T12:00:00Z';
const TO = '2026-01-05T12:10:00Z';
const OID = '6F1A2B3C-4D5E-4F60-8A7B-9C0D1E2F3A4B';

function target(upns: string[], objectIds: string[] = []): HuntingTarget {
  const check = checkTarget({ upns, objectIds, from: FROM, to: TO });
  if (!check.target) throw new Error(check.problem);
  return check.target;
}

describe('kqlString', () => {
  it('escapes quotes and backslashes so a value cannot end the literal', () => {
    expect(kqlString('a"b@x.com')).toBe('"a\\"b@x.com"');
    expect(kqlString('c:\\temp\\"')).toBe('"c:\\\\temp\\\\\\""');
  });

  it('escapes line breaks and drops other control characters', () => {
    expect(kqlString('a\nb\tc\u0000d\u001be')).toBe('"a\\nb\\tcde"');
  });
});

describe('checkTarget', () => {
  it.each([
    'a"b@x.com',
    'x@y.com") or 1==1 //',
    'x@y.com\n| take 1000',
    'alice',
    '@contoso.com',
    'a b@c.com',
    "x@y.com'",
  ])('drops the hostile or malformed UPN %j and counts it', (upn) => {
    const check = checkTarget({ upns: [upn, 'alice@contoso.com'], objectIds: [], from: FROM, to: TO });
    expect(check.target?.upns).toEqual(['alice@contoso.com']);
    expect(check.rejected).toBe(1);
  });

  it('keeps real-world UPNs: apostrophes, plus tags, guests and non-ASCII letters', () => {
    const upns = [
      "o'brien@contoso.com",
      'a.b+dlp@contoso.co.uk',
      'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'josé@contoso.com',
    ];
    expect(checkTarget({ upns, objectIds: [], from: FROM, to: TO }).target?.upns).toEqual(
      upns.map((u) => u.toLowerCase()),
    );
  });

  it('accepts only GUID object ids, lower-cased', () => {
    const check = checkTarget({
      upns: [],
      objectIds: [OID, 'not-a-guid', `${OID}") or true`],
      from: FROM,
      to: TO,
    });
    expect(check.target?.objectIds).toEqual([OID.toLowerCase()]);
    expect(check.rejected).toBe(2);
  });

  it('pads the window by five minutes on each side and orders it', () => {
    expect(checkTarget({ upns: ['a@b.com'], objectIds: [], from: TO, to: FROM }).target).toMatchObject({
      from: '2026-01-05T11:55:00.000Z',
      to: '2026-01-05T12:15:00.000Z',
    });
  });

  it('explains when no identity or no time is usable', () => {
    expect(checkTarget({ upns: ['nope'], objectIds: [], from: FROM, to: TO }).problem).toMatch(
      /no usable user/,
    );
    expect(checkTarget({ upns: ['a@b.com'], objectIds: [], from: 'today', to: TO }).problem).toMatch(
      /activity time/,
    );
    expect(checkTarget({ upns: 'a@b.com', objectIds: null, from: FROM, to: TO }).problem).toMatch(
      /no usable user/,
    );
  });
});

describe('dataSecurityEventsQuery', () => {
  it('searches the padded window for the user and projects only the columns it reads', () => {
    expect(dataSecurityEventsQuery(target(['Alice@Contoso.com'], [OID]))).toBe(
      [
        'DataSecurityEvents',
        '| where Timestamp between (datetime(2026-01-05T11:55:00.000Z) .. datetime(2026-01-05T12:15:00.000Z))',
        `| where (AccountUpn in~ ("alice@contoso.com") or AccountObjectId in~ ("${OID.toLowerCase()}"))`,
        '| where isnotempty(SensitiveInfoTypeInfo) or isnotempty(DlpPolicyRuleMatchInfo)',
        '| project Timestamp, AccountUpn, ObjectName, Workload, SensitiveInfoTypeInfo, DlpPolicyRuleMatchInfo, DlpPolicyMatchInfo',
        '| order by Timestamp desc',
        '| take 50',
      ].join('\n'),
    );
  });

  it('leaves out the identity kind it does not have', () => {
    expect(dataSecurityEventsQuery(target(['a@b.com']))).toContain('| where AccountUpn in~ ("a@b.com")\n');
    expect(dataSecurityEventsQuery(target([], [OID]))).toContain(
      `| where AccountObjectId in~ ("${OID.toLowerCase()}")\n`,
    );
  });
});

describe('cloudAppEventsQuery', () => {
  it('asks for DLP rule matches of the user with the raw audit record', () => {
    const q = cloudAppEventsQuery(target(["o'brien@contoso.com"], [OID]));
    expect(q).toContain('| where ActionType =~ "DlpRuleMatch"');
    expect(q).toContain(
      `| where (AccountId in~ ("o'brien@contoso.com") or AccountObjectId in~ ("${OID.toLowerCase()}"))`,
    );
    expect(q).toContain('| project Timestamp, AccountObjectId, ObjectName, Application, RawEventData');
    expect(q.endsWith('| take 50')).toBe(true);
  });
});
