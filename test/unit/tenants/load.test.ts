import { ConfigError } from '../../../src/errors';
import { loadTenantsFile, parseTenantsFile, singleTenant, type TenantSpec } from '../../../src/tenants';
import { CONTOSO, FABRIKAM, scratch } from './files';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.key}: ${i.message}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const yaml = (text: string) => parseTenantsFile(text, 'tenants.yaml');
const json = (value: unknown) => parseTenantsFile(JSON.stringify(value, null, 2), 'tenants.json');

describe('loadTenantsFile', () => {
  let files: ReturnType<typeof scratch>;
  beforeEach(() => (files = scratch()));
  afterEach(() => files.remove());

  it('reads a YAML file with every field, keeping only what it sets', () => {
    const path = files.write(
      'tenants.yml',
      [
        'tenants:',
        '  - name: contoso',
        `    tenantId: ${CONTOSO}`,
        '    displayName: Contoso Ltd',
        '    defenderSources: [microsoftDefenderForEndpoint, MICROSOFTSENTINEL]',
        '    windowMinutes: 45',
        '    sensitiveDlpPolicies: [HR exits]',
        '    analysts: [Megan@Contoso.com]',
        '  - name: fabrikam',
        '    tenantId: fabrikam.onmicrosoft.com',
        '',
      ].join('\n'),
    );
    expect(loadTenantsFile(path)).toEqual<TenantSpec[]>([
      {
        name: 'contoso',
        tenantId: CONTOSO,
        displayName: 'Contoso Ltd',
        defenderSources: ['microsoftDefenderForEndpoint', 'microsoftSentinel'],
        windowMinutes: 45,
        sensitiveDlpPolicies: ['HR exits'],
        analysts: ['megan@contoso.com'],
      },
      { name: 'fabrikam', tenantId: 'fabrikam.onmicrosoft.com' },
    ]);
  });

  it('reads JSON by its extension, as {tenants: [...]} or a bare list', () => {
    const one = [{ name: 'contoso', tenantId: CONTOSO }];
    expect(loadTenantsFile(files.write('t.json', JSON.stringify({ tenants: one })))).toEqual(one);
    expect(loadTenantsFile(files.write('bare.JSON', JSON.stringify(one)))).toEqual(one);
    expect(yaml(`- name: contoso\n  tenantId: ${CONTOSO}\n`)).toEqual(one);
  });

  it('reports an unreadable file and a name without a known extension', () => {
    expect(problems(() => loadTenantsFile(files.path('missing.yaml')))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: cannot read .*missing\.yaml: .*ENOENT/),
    ]);
    expect(problems(() => loadTenantsFile(files.write('tenants.txt', '[]')))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: .*tenants\.txt: must end in \.yaml, \.yml or \.json/),
    ]);
  });
});

describe('parseTenantsFile', () => {
  it('reports every bad entry at once, with its index, name, YAML line and field', () => {
    const text = [
      'tenants:',
      '  - name: contoso', // line 2
      `    tenantId: ${CONTOSO}`,
      '  - name: Fabrikam_EU', // line 4
      '    tenantId: not a tenant',
      '  - name: northwind', // line 6
      `    tenantId: ${FABRIKAM}`,
      '    windowMinutes: 0',
      '    tenantID: typo',
      '  - tenantId: adatum.onmicrosoft.com', // line 10
      '  - name: tailspin', // line 11
      '    tenantId: tailspin.onmicrosoft.com',
      '    defenderSources: [microsoftDefenderForEndpoint, defenderForToasters]',
      '    windowMinutes: 2.5',
      '  - just a string', // line 15
    ].join('\n');
    expect(problems(() => yaml(text))).toEqual([
      'tenants[1] (Fabrikam_EU, line 4).name: must be 1-32 characters of a-z, 0-9 and "-", starting with a letter or digit',
      "tenants[1] (Fabrikam_EU, line 5).tenantId: must be the customer's Entra tenant id: a GUID or a verified domain such as contoso.onmicrosoft.com",
      'tenants[2] (northwind, line 8).windowMinutes: must be from 1 to 1440 minutes',
      'tenants[2] (northwind, line 9).tenantID: unknown key "tenantID": use name, tenantId, displayName, defenderSources, windowMinutes, sensitiveDlpPolicies, analysts',
      'tenants[3] (line 10).name: is required',
      expect.stringMatching(
        /^tenants\[4\] \(tailspin, line 13\)\.defenderSources: unknown source\(s\) "defenderForToasters": use /,
      ),
      'tenants[4] (tailspin, line 14).windowMinutes: must be a whole number of minutes from 1 to 1440',
      'tenants[5] (line 15): must be a mapping with at least name and tenantId',
    ]);
  });

  it('refuses a duplicate name and a duplicate tenant id (any case), naming the first one', () => {
    const issues = problems(() =>
      json([
        { name: 'contoso', tenantId: CONTOSO },
        { name: 'contoso', tenantId: FABRIKAM },
        { name: 'fabrikam', tenantId: CONTOSO.toUpperCase() },
      ]),
    );
    expect(issues).toEqual([
      `tenants[1] (contoso).name: "contoso" is also tenants[0]'s name: each tenant's name must be unique`,
      `tenants[2] (fabrikam).tenantId: "${CONTOSO.toUpperCase()}" is also tenants[0]'s tenantId: each tenant's tenantId must be unique`,
    ]);
  });

  it('refuses an empty file, an empty list, an unknown top-level key and a wrong shape', () => {
    expect(problems(() => yaml(''))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: tenants\.yaml is empty/),
    ]);
    expect(problems(() => yaml('tenants: []'))).toEqual([
      'TENANTS_FILE: tenants.yaml lists no tenant: list at least one (name, tenantId)',
    ]);
    expect(problems(() => yaml(`tenant:\n  - name: a\n    tenantId: ${CONTOSO}\n`))).toEqual([
      expect.stringMatching(
        /^TENANTS_FILE: tenants\.yaml: unknown top-level key\(s\) tenant: expected `tenants:`/,
      ),
    ]);
    expect(problems(() => yaml('tenants: contoso'))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: tenants\.yaml: expected `tenants:` with a list/),
    ]);
    expect(problems(() => json({}))).toEqual([expect.stringMatching(/expected `tenants:`/)]);
  });

  it('reports a YAML syntax error and a duplicate key with their lines', () => {
    expect(problems(() => yaml(`tenants:\n  - name: contoso\n    tenantId: [unclosed\n`))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: tenants\.yaml line \d+: not valid YAML/),
    ]);
    expect(problems(() => yaml(`tenants:\n  - name: a\n    name: b\n    tenantId: ${CONTOSO}\n`))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: tenants\.yaml line 3: not valid YAML \(Map keys must be unique/),
    ]);
  });

  it('reports a JSON syntax error with its line', () => {
    expect(
      problems(() => parseTenantsFile('{\n  "tenants": [\n    { name: "contoso" }\n  ]\n}', 'x.json')),
    ).toEqual([expect.stringMatching(/^TENANTS_FILE: x\.json line 3: not valid JSON/)]);
  });

  it('refuses an empty source list, empty strings and an over-long display name', () => {
    const issues = problems(() =>
      json([
        {
          name: 'contoso',
          tenantId: CONTOSO,
          defenderSources: [],
          analysts: [' '],
          displayName: 'x'.repeat(101),
        },
      ]),
    );
    expect(issues).toEqual([
      'tenants[0] (contoso).displayName: must be at most 100 characters',
      'tenants[0] (contoso).defenderSources: must list at least one source (leave the key out for the default sources)',
      'tenants[0] (contoso).analysts[0]: must not be empty',
    ]);
  });

  it('accepts the longest name and trims tenant ids', () => {
    const name = 'a'.repeat(32);
    expect(json([{ name, tenantId: ` ${CONTOSO} ` }])).toEqual([{ name, tenantId: CONTOSO }]);
    expect(problems(() => json([{ name: `${name}b`, tenantId: CONTOSO }]))[0]).toMatch(
      /\.name: must be 1-32/,
    );
    expect(problems(() => json([{ name: '-x', tenantId: CONTOSO }]))[0]).toMatch(/\.name: must be 1-32/);
  });
});

describe('singleTenant', () => {
  it('is the one `default` tenant, with AZURE_TENANT_ID when set', () => {
    expect(singleTenant()).toEqual([{ name: 'default', tenantId: 'default' }]);
    expect(singleTenant(CONTOSO)).toEqual([{ name: 'default', tenantId: CONTOSO }]);
  });
});
