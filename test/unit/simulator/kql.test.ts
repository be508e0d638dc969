import { HUNTING_COLUMNS, KqlError, parseKql, runKql, type KqlTable } from '../../../simulator/kql';
import { tokenizeKql } from '../../../simulator/kql/lexer';

const NOW = Date.parse('2026-11-20T12:00:00Z');

const rows = [
  {
    Timestamp: '2026-11-20T11:30:00.1234567Z',
    AccountUpn: 'megan.bowen@contoso.com',
    AccountObjectId: '11111111-1111-4111-8111-111111111111',
    ActionType: 'DlpRuleMatch',
    Workload: 'SharePoint',
    ObjectName: 'Q3 payroll.xlsx',
    SensitiveInfoTypeInfo: [
      { SensitiveInfoTypeName: 'Credit Card Number', Count: 3, DetectedValues: ['4539 1488 0343 6467'] },
    ],
    DlpPolicyEnforcementMode: 4,
  },
  {
    Timestamp: '2026-11-20T09:00:00Z',
    AccountUpn: 'Alex.Wilber@contoso.com',
    AccountObjectId: '22222222-2222-4222-8222-222222222222',
    ActionType: 'DlpRuleMatch',
    Workload: 'Exchange',
    ObjectName: 'Customer list',
    SensitiveInfoTypeInfo: [{ SensitiveInfoTypeName: 'U.S. Social Security Number (SSN)', Count: 1 }],
    DlpPolicyEnforcementMode: 1,
  },
  {
    Timestamp: '2026-11-18T12:00:00Z',
    AccountUpn: 'lee.gu@contoso.com',
    AccountObjectId: '33333333-3333-4333-8333-333333333333',
    ActionType: 'FileUploaded',
    Workload: 'OneDrive',
    ObjectName: 'notes.txt',
    DlpPolicyEnforcementMode: 0,
  },
];

const table: KqlTable = { name: 'DataSecurityEvents', columns: HUNTING_COLUMNS.DataSecurityEvents, rows };
const resolve = (name: string): KqlTable | undefined => (name === 'DataSecurityEvents' ? table : undefined);

function upns(query: string, range?: { from: number; to: number }): string[] {
  return runKql(query, resolve, { now: NOW, range }).results.map((r) => r.AccountUpn as string);
}

function refusal(query: string): string {
  try {
    runKql(query, resolve, { now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(KqlError);
    return (err as Error).message;
  }
  throw new Error(`expected the query to be refused: ${query}`);
}

const T = 'DataSecurityEvents | project AccountUpn |';

describe('KQL lexer', () => {
  it('reads operators, strings with escapes, timespans and raw datetime arguments', () => {
    const tokens = tokenizeKql(
      `T | where a !in~ ("x\\"y", 'z') and b >= ago(1.5h) and c == datetime(2026-01-01 10:00) // note`,
    );
    expect(tokens.map((t) => `${t.type}:${t.text}`)).toEqual([
      'word:T',
      'op:|',
      'word:where',
      'word:a',
      'op:!in~',
      'op:(',
      'string:x"y',
      'op:,',
      'string:z',
      'op:)',
      'word:and',
      'word:b',
      'op:>=',
      'word:ago',
      'op:(',
      'timespan:1.5h',
      'op:)',
      'word:and',
      'word:c',
      'op:==',
      'datetime:2026-01-01 10:00',
      'eof:',
    ]);
    expect(tokens.find((t) => t.type === 'timespan')?.ms).toBe(5_400_000);
  });

  it('keeps verbatim strings as written and reports positions as [line,column]', () => {
    expect(tokenizeKql(`@'C:\\Temp'`)[0]?.text).toBe('C:\\Temp');
    expect(() => tokenizeKql('T\n| where x == #')).toThrow('on line [2,14]');
  });
});

describe('KQL where', () => {
  it.each([
    [`where AccountUpn == 'megan.bowen@contoso.com'`, ['megan.bowen@contoso.com']],
    [`where AccountUpn == 'MEGAN.BOWEN@contoso.com'`, []],
    [`where AccountUpn =~ 'MEGAN.BOWEN@contoso.com'`, ['megan.bowen@contoso.com']],
    [`where AccountUpn != 'megan.bowen@contoso.com'`, ['Alex.Wilber@contoso.com', 'lee.gu@contoso.com']],
    [`where AccountUpn !~ 'ALEX.wilber@contoso.com'`, ['megan.bowen@contoso.com', 'lee.gu@contoso.com']],
    [`where AccountUpn in ('lee.gu@contoso.com', 'alex.wilber@contoso.com')`, ['lee.gu@contoso.com']],
    [
      `where AccountUpn in~ ('lee.gu@contoso.com', 'alex.wilber@contoso.com')`,
      ['Alex.Wilber@contoso.com', 'lee.gu@contoso.com'],
    ],
    [`where AccountUpn !in ('lee.gu@contoso.com')`, ['megan.bowen@contoso.com', 'Alex.Wilber@contoso.com']],
    [`where ObjectName has 'payroll'`, ['megan.bowen@contoso.com']],
    [`where ObjectName has 'pay'`, []],
    [`where ObjectName contains 'pay'`, ['megan.bowen@contoso.com']],
    [`where ObjectName !contains 'pay'`, ['Alex.Wilber@contoso.com', 'lee.gu@contoso.com']],
    [`where SensitiveInfoTypeInfo has 'Credit Card'`, ['megan.bowen@contoso.com']],
    [`where Timestamp > ago(1h)`, ['megan.bowen@contoso.com']],
    [`where Timestamp >= ago(3h)`, ['megan.bowen@contoso.com', 'Alex.Wilber@contoso.com']],
    [`where Timestamp < datetime(2026-11-19)`, ['lee.gu@contoso.com']],
    [`where Timestamp <= datetime(2026-11-20T09:00:00Z)`, ['Alex.Wilber@contoso.com', 'lee.gu@contoso.com']],
    [
      `where Timestamp between (datetime(2026-11-20T08:00:00Z) .. datetime("2026-11-20T11:30:00.1234567Z"))`,
      ['megan.bowen@contoso.com', 'Alex.Wilber@contoso.com'],
    ],
    [`where Timestamp !between (ago(4h) .. now())`, ['lee.gu@contoso.com']],
    [
      `where DlpPolicyEnforcementMode >= 4 or Workload == 'OneDrive'`,
      ['megan.bowen@contoso.com', 'lee.gu@contoso.com'],
    ],
    [
      `where ActionType == "DlpRuleMatch" and (Workload == 'Exchange' or Workload == 'OneDrive')`,
      ['Alex.Wilber@contoso.com'],
    ],
    [`where isnotempty(SensitiveInfoTypeInfo)`, ['megan.bowen@contoso.com', 'Alex.Wilber@contoso.com']],
    [`where isempty(SensitiveInfoTypeInfo)`, ['lee.gu@contoso.com']],
    [`where not(Workload == 'SharePoint')`, ['Alex.Wilber@contoso.com', 'lee.gu@contoso.com']],
    [`filter Workload startswith 'share'`, ['megan.bowen@contoso.com']],
  ])('%s', (where, expected) => {
    expect(upns(`DataSecurityEvents | ${where} | project AccountUpn`)).toEqual(expected);
  });

  it('binds and tighter than or', () => {
    // lee (OneDrive) or (Exchange and SharePoint) = lee only; (OneDrive or Exchange) and SharePoint = none
    expect(
      upns(
        `DataSecurityEvents | where Workload == 'OneDrive' or Workload == 'Exchange' and Workload == 'SharePoint'`,
      ),
    ).toEqual(['lee.gu@contoso.com']);
  });

  it('matches has on whole terms only, across punctuation', () => {
    expect(upns(`DataSecurityEvents | where AccountUpn has 'megan.bowen'`)).toEqual([
      'megan.bowen@contoso.com',
    ]);
    expect(upns(`DataSecurityEvents | where AccountUpn has 'owen'`)).toEqual([]);
  });
});

describe('KQL tabular operators', () => {
  it('projects the columns asked for, in that order, with their schema types', () => {
    const r = runKql(
      'DataSecurityEvents | project SensitiveInfoTypeInfo, Timestamp, DlpPolicyEnforcementMode | take 1',
      resolve,
      { now: NOW },
    );
    expect(r.schema).toEqual([
      { name: 'SensitiveInfoTypeInfo', type: 'Object' },
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'DlpPolicyEnforcementMode', type: 'Int32' },
    ]);
    expect(Object.keys(r.results[0] ?? {})).toEqual([
      'SensitiveInfoTypeInfo',
      'Timestamp',
      'DlpPolicyEnforcementMode',
    ]);
  });

  it('returns dynamic columns as JSON text and datetimes with seven fractional digits', () => {
    const [row] = runKql('DataSecurityEvents | where Workload == "Exchange"', resolve, { now: NOW }).results;
    expect(typeof row?.SensitiveInfoTypeInfo).toBe('string');
    expect(JSON.parse(row?.SensitiveInfoTypeInfo as string)).toEqual(rows[1]?.SensitiveInfoTypeInfo);
    expect(row?.Timestamp).toBe('2026-11-20T09:00:00.0000000Z');
  });

  it('takes n rows with take or limit', () => {
    expect(upns(`${T} take 2`)).toHaveLength(2);
    expect(upns(`${T} limit 1`)).toHaveLength(1);
    expect(upns(`${T} take 0`)).toHaveLength(0);
  });

  it('orders descending by default, ascending on request, with sort by as a synonym', () => {
    expect(upns('DataSecurityEvents | order by Timestamp')).toEqual([
      'megan.bowen@contoso.com',
      'Alex.Wilber@contoso.com',
      'lee.gu@contoso.com',
    ]);
    expect(upns('DataSecurityEvents | sort by Timestamp asc')).toEqual([
      'lee.gu@contoso.com',
      'Alex.Wilber@contoso.com',
      'megan.bowen@contoso.com',
    ]);
    expect(upns('DataSecurityEvents | order by Workload asc, Timestamp desc')).toEqual([
      'Alex.Wilber@contoso.com',
      'lee.gu@contoso.com',
      'megan.bowen@contoso.com',
    ]);
  });

  it('applies operators in pipeline order (take before sort differs from sort before take)', () => {
    expect(upns('DataSecurityEvents | sort by Timestamp asc | take 1')).toEqual(['lee.gu@contoso.com']);
    expect(upns('DataSecurityEvents | take 1 | sort by Timestamp asc')).toEqual(['megan.bowen@contoso.com']);
  });

  it('limits rows to the Timespan range', () => {
    const range = { from: NOW - 24 * 3_600_000, to: NOW };
    expect(upns('DataSecurityEvents', range)).toEqual(['megan.bowen@contoso.com', 'Alex.Wilber@contoso.com']);
  });
});

describe('KQL rejections', () => {
  it.each([
    [
      'DeviceProcessEvents | take 1',
      "Failed to resolve table or column expression named 'DeviceProcessEvents'",
    ],
    [
      'DataSecurityEvents | where Colour == "red"',
      "Failed to resolve column or scalar expression named 'Colour'",
    ],
    [
      'DataSecurityEvents | project Colour',
      "'project' operator: Failed to resolve scalar expression named 'Colour'",
    ],
    ['DataSecurityEvents | project AccountUpn | where Workload == "x"', "named 'Workload'"],
    ['DataSecurityEvents | order by Colour', "Failed to resolve scalar expression named 'Colour'"],
    ['DataSecurityEvents | summarize count() by AccountUpn', "Unsupported KQL: the 'summarize' operator"],
    ['DataSecurityEvents | extend x = 1', "Unsupported KQL: the 'extend' operator"],
    ['DataSecurityEvents | project-away AccountUpn', "the 'project-away' operator"],
    ['DataSecurityEvents | mv-expand SensitiveInfoTypeInfo', "the 'mv-expand' operator"],
    ['DataSecurityEvents | project x = AccountUpn', 'computed or renamed columns'],
    ['let x = 1; DataSecurityEvents', "'let' statements"],
    ['DataSecurityEvents | where tolower(AccountUpn) == "x"', "the function 'tolower()'"],
    ['DataSecurityEvents | where AccountUpn matches regex "x"', "the operator 'matches'"],
    ['DataSecurityEvents | where RawEventData.Operation == "x"', 'property access'],
    ['DataSecurityEvents | where AccountUpn == Workload', 'comparing a column with another column'],
    ['DataSecurityEvents | where AccountUpn == 1', 'Cannot compare values of types string and long'],
    [
      'DataSecurityEvents | where Timestamp > "2026-01-01"',
      'Cannot compare values of types datetime and string',
    ],
    [
      'DataSecurityEvents | where DlpPolicyEnforcementMode == "4"',
      'Cannot compare values of types int and string',
    ],
    [
      'DataSecurityEvents | where AccountUpn > "a"',
      "The operator '>' cannot be applied to the string column",
    ],
    [
      'DataSecurityEvents | where SensitiveInfoTypeInfo == "x"',
      "The operator '==' cannot be applied to the dynamic column",
    ],
    [
      'DataSecurityEvents | where Timestamp has "x"',
      "The operator 'has' cannot be applied to the datetime column",
    ],
    [
      'DataSecurityEvents | where AccountUpn between ("a" .. "b")',
      "'between' cannot be applied to the string column",
    ],
    ['DataSecurityEvents | where Timestamp > ago(1y)', "Query could not be parsed at '1y'"],
    ['DataSecurityEvents | where Timestamp > datetime(yesterday)', 'Invalid datetime literal'],
    ['DataSecurityEvents | take -1', "Query could not be parsed at '-'"],
    ['DataSecurityEvents | take 1.5', "'take' expects a whole number"],
    ['DataSecurityEvents | where', 'expected a column name'],
    [
      'DataSecurityEvents | where AccountUpn == "x" DataSecurityEvents',
      "expected '|' or the end of the query",
    ],
    ['DataSecurityEvents | where (AccountUpn == "x"', "expected ')'"],
    ['DataSecurityEvents | order Timestamp', "expected 'by'"],
    ['DataSecurityEvents | where AccountUpn == "x', 'unterminated string literal'],
  ])('%s', (query, message) => {
    expect(refusal(query)).toContain(message);
  });

  it('parses a query without running it', () => {
    expect(parseKql('CloudAppEvents | take 5').operators).toEqual([{ kind: 'take', count: 5 }]);
  });
});
