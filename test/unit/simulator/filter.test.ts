import {
  ALERT_FILTER_SCHEMA,
  evaluateFilter,
  FilterError,
  INCIDENT_FILTER_SCHEMA,
  parseFilter,
} from '../../../simulator/filter';

const alert = {
  status: 'new',
  severity: 'high',
  classification: null,
  determination: null,
  assignedTo: 'Adele.Vance@contoso.com',
  serviceSource: 'dataLossPrevention',
  createdDateTime: '2026-11-20T10:00:00.1234567Z',
  lastUpdateDateTime: '2026-11-20T11:30:00Z',
  title: 'x',
};

function matches(filter: string, item: Record<string, unknown> = alert, includeUnknown = false): boolean {
  return evaluateFilter(
    parseFilter(filter, ALERT_FILTER_SCHEMA, { includeUnknownEnumMembers: includeUnknown }),
    item,
  );
}

function error(filter: string, includeUnknown = false): string {
  try {
    parseFilter(filter, ALERT_FILTER_SCHEMA, { includeUnknownEnumMembers: includeUnknown });
  } catch (err) {
    expect(err).toBeInstanceOf(FilterError);
    return (err as Error).message;
  }
  throw new Error(`expected '${filter}' to be refused`);
}

describe('$filter comparison operators', () => {
  it.each([
    ["status eq 'new'", true],
    ["status eq 'resolved'", false],
    ["status ne 'resolved'", true],
    ["status ne 'new'", false],
    ['createdDateTime gt 2026-11-20T10:00:00.1234566Z', true],
    ['createdDateTime gt 2026-11-20T10:00:00.1234567Z', false],
    ['createdDateTime ge 2026-11-20T10:00:00.1234567Z', true],
    ['createdDateTime lt 2026-11-20T10:00:00.1234568Z', true],
    ['createdDateTime lt 2026-11-20T10:00:00.1234567Z', false],
    ['createdDateTime le 2026-11-20T10:00:00.1234567Z', true],
    ['createdDateTime eq 2026-11-20T10:00:00.1234567Z', true],
    ['lastUpdateDateTime eq 2026-11-20T12:30:00+01:00', true],
    ['lastUpdateDateTime gt 2026-11-20T11:29:59.999Z', true],
    ["assignedTo eq 'Adele.Vance@contoso.com'", true],
    ['classification eq null', true],
    ['assignedTo ne null', true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('compares date-times to 100 ns, the precision Graph prints', () => {
    const item = { ...alert, lastUpdateDateTime: '2026-11-20T11:30:00.0000001Z' };
    expect(matches('lastUpdateDateTime gt 2026-11-20T11:30:00Z', item)).toBe(true);
  });

  it('accepts a literal on the left by flipping the comparison', () => {
    expect(matches('2026-11-20T09:00:00Z lt createdDateTime')).toBe(true);
    expect(matches("'new' eq status")).toBe(true);
  });

  it('treats a missing property as null: ordering comparisons are false, ne is true', () => {
    const item = { ...alert, lastUpdateDateTime: undefined };
    expect(matches('lastUpdateDateTime gt 2020-01-01T00:00:00Z', item)).toBe(false);
    expect(matches('lastUpdateDateTime ne 2020-01-01T00:00:00Z', item)).toBe(true);
  });
});

describe('$filter logic', () => {
  it('binds and tighter than or', () => {
    // false or (true and true) = true; with or first it would be (false or true) and false = false
    expect(matches("status eq 'resolved' or severity eq 'high' and status eq 'new'")).toBe(true);
    expect(matches("severity eq 'high' or status eq 'new' and status eq 'resolved'")).toBe(true);
    expect(matches("(severity eq 'high' or status eq 'new') and status eq 'resolved'")).toBe(false);
  });

  it('negates a parenthesized clause with not', () => {
    expect(matches("not (status eq 'new')")).toBe(false);
    expect(matches("not (status eq 'resolved') and severity eq 'high'")).toBe(true);
    expect(matches("not (not (status eq 'new'))")).toBe(true);
  });

  it('nests parentheses', () => {
    expect(matches("((status eq 'new') and ((severity eq 'low') or (severity eq 'high')))")).toBe(true);
  });

  it('reads the poll filter the bot sends', () => {
    expect(
      matches("lastUpdateDateTime gt 2026-01-01T00:00:00Z and serviceSource eq 'dataLossPrevention'"),
    ).toBe(true);
  });
});

describe('$filter rejections (Graph answers 400)', () => {
  it.each(['title', 'evidence', 'detectionSource', 'additionalData'])(
    'names the non-filterable property %s',
    (p) => {
      expect(error(`${p} eq 'x'`)).toContain(
        `The property '${p}' cannot be used in the $filter query option`,
      );
    },
  );

  it('names an unknown property with the entity type', () => {
    expect(error("colour eq 'red'")).toBe(
      "Could not find a property named 'colour' on type 'microsoft.graph.security.alert'.",
    );
  });

  it('refuses an enum value that is not a member', () => {
    expect(error("status eq 'open'")).toBe("The string 'open' is not a valid enumeration type constant.");
    expect(error("serviceSource eq 'DataLossPrevention'")).toContain(
      'is not a valid enumeration type constant',
    );
  });

  it('refuses members after unknownFutureValue unless the Prefer header was sent', () => {
    expect(error("serviceSource eq 'microsoftInsiderRiskManagement'")).toContain(
      'include-unknown-enum-members',
    );
    const irm = { ...alert, serviceSource: 'microsoftInsiderRiskManagement' };
    expect(matches("serviceSource eq 'microsoftInsiderRiskManagement'", irm, true)).toBe(true);
  });

  it('reads evolvable members as unknownFutureValue without the Prefer header', () => {
    const irm = { ...alert, serviceSource: 'microsoftInsiderRiskManagement' };
    expect(matches("serviceSource eq 'unknownFutureValue'", irm)).toBe(true);
    expect(matches("serviceSource eq 'unknownFutureValue'", irm, true)).toBe(false);
  });

  it('refuses a quoted date and an unquoted enum', () => {
    expect(error("createdDateTime gt '2026-01-01T00:00:00Z'")).toContain(
      "'Edm.DateTimeOffset' and 'Edm.String'",
    );
    expect(error('status eq new')).toContain("Could not find a property named 'new'");
  });

  it('refuses a date without a time zone and an impossible date', () => {
    expect(error('createdDateTime gt 2026-01-01T00:00:00')).toContain('not valid');
    expect(error('createdDateTime gt 2026-02-30T00:00:00Z')).toContain('not valid');
  });

  it('refuses ordering comparisons on enums and strings', () => {
    expect(error("severity gt 'low'")).toContain("'gt' is not supported");
    expect(error('assignedTo lt null')).toContain('cannot be used with null');
  });

  it.each([
    ["contains(title, 'x')", "function 'contains' is not supported"],
    ["status in ('new')", "operator 'in' is not supported"],
    ["evidence/any(e: e/roles eq 'x')", "The property 'evidence' cannot be used"],
    ["status/x eq 'new'", 'Property paths are not supported'],
    ['status eq', 'Syntax error'],
    ["status eq 'new' and", 'Syntax error'],
    ["(status eq 'new'", "expected ')'"],
    ["status eq 'new')", 'Syntax error'],
    ["not status eq 'new'", "'not' must be followed by a parenthesized expression"],
    ["status eq 'new", 'unterminated string'],
    ["status EQ 'new'", 'expected a comparison operator'],
    ['status eq 1', 'Numeric literals are not supported'],
    ['', 'must not be empty'],
    ["status eq 'new' # x", "character '#' is not valid"],
  ])('%s → %s', (filter, message) => {
    expect(error(filter)).toContain(message);
  });

  it('unescapes doubled quotes in string literals', () => {
    expect(
      matches("assignedTo eq 'O''Brien@contoso.com'", { ...alert, assignedTo: "O'Brien@contoso.com" }),
    ).toBe(true);
  });
});

describe('$filter on incidents', () => {
  it('uses the incident schema (its own status enum)', () => {
    const incident = { status: 'active', severity: 'medium', createdDateTime: '2026-11-20T10:00:00Z' };
    const node = parseFilter("status eq 'active' and severity eq 'medium'", INCIDENT_FILTER_SCHEMA);
    expect(evaluateFilter(node, incident)).toBe(true);
    expect(() => parseFilter("serviceSource eq 'dataLossPrevention'", INCIDENT_FILTER_SCHEMA)).toThrow(
      "Could not find a property named 'serviceSource' on type 'microsoft.graph.security.incident'",
    );
  });
});
