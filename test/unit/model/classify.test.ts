import {
  alertSource,
  classifyAlert,
  DEFAULT_DEFENDER_SOURCES,
  isDlpAlert,
  parseDefenderSources,
  type ClassifiableAlert,
} from '../../../src/model';

const withSources = (...s: string[]): ReadonlySet<string> => new Set([...DEFAULT_DEFENDER_SOURCES, ...s]);

describe('alert classification (serviceSource, then detectionSource, then productName)', () => {
  it('takes a concrete serviceSource first, whatever the other fields say', () => {
    const a: ClassifiableAlert = {
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'microsoftDataLossPrevention',
      productName: 'Microsoft Data Loss Prevention',
    };
    expect(alertSource(a)).toEqual({ source: 'microsoftDefenderForEndpoint', from: 'serviceSource' });
    expect(classifyAlert(a).kind).toBe('defender');
  });

  it.each([
    ['unknownFutureValue', 'antivirus', 'microsoftDefenderForEndpoint'],
    ['unknown', 'cloudAppSecurity', 'microsoftDefenderForCloudApps'],
    ['unknownFutureValue', 'microsoftDefenderForServers', 'microsoftDefenderForCloud'],
    ['unknownFutureValue', 'appGovernanceDetection', 'microsoftAppGovernance'],
    ['unknown', 'microsoftDataLossPrevention', 'dataLossPrevention'],
    ['', 'customDetection', 'microsoft365Defender'],
  ])(
    'reads the source from detectionSource when serviceSource is "%s" (%s → %s)',
    (serviceSource, detectionSource, expected) => {
      expect(alertSource({ serviceSource, detectionSource })).toEqual({
        source: expected,
        from: 'detectionSource',
      });
    },
  );

  it.each([
    ['Microsoft Defender for Endpoint', 'microsoftDefenderForEndpoint'],
    ['microsoft defender for office 365', 'microsoftDefenderForOffice365'],
    ['Office 365 Advanced Threat Protection', 'microsoftDefenderForOffice365'],
    ['Microsoft Defender for Identity', 'microsoftDefenderForIdentity'],
    ['Azure Advanced Threat Protection', 'microsoftDefenderForIdentity'],
    ['Microsoft Defender for Cloud Apps', 'microsoftDefenderForCloudApps'],
    ['Microsoft Cloud App Security', 'microsoftDefenderForCloudApps'],
    ['Microsoft Defender for Cloud', 'microsoftDefenderForCloud'],
    ['Microsoft Entra ID Protection', 'azureAdIdentityProtection'],
    ['AAD Identity Protection', 'azureAdIdentityProtection'],
    ['App Governance', 'microsoftAppGovernance'],
    ['Microsoft Defender XDR', 'microsoft365Defender'],
    ['Microsoft 365 Defender', 'microsoft365Defender'],
    ['Microsoft Data Loss Prevention', 'dataLossPrevention'],
    ['Microsoft Purview Data Loss Prevention', 'dataLossPrevention'],
    ['Microsoft Purview Insider Risk Management', 'microsoftInsiderRiskManagement'],
    ['Microsoft Sentinel', 'microsoftSentinel'],
    ['Microsoft Threat Intelligence', 'microsoftThreatIntelligence'],
  ])('reads productName "%s" as %s when neither enum tells', (productName, expected) => {
    const a = { serviceSource: 'unknownFutureValue', detectionSource: 'unknownFutureValue', productName };
    expect(alertSource(a)).toEqual({ source: expected, from: 'productName' });
  });

  it('treats a serviceSource string Graph never published like unknownFutureValue', () => {
    const a = {
      serviceSource: 'microsoftDefenderForSomethingNew',
      productName: 'Microsoft Defender for Endpoint',
    };
    expect(alertSource(a)).toEqual({ source: 'microsoftDefenderForEndpoint', from: 'productName' });
  });

  it('matches serviceSource and detectionSource spellings case-insensitively', () => {
    expect(alertSource({ serviceSource: 'DataLossPrevention' })?.source).toBe('dataLossPrevention');
    expect(alertSource({ serviceSource: 'unknown', detectionSource: 'CLOUDAPPSECURITY' })?.source).toBe(
      'microsoftDefenderForCloudApps',
    );
  });

  it('finds nothing for forged values that name object properties', () => {
    for (const v of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(classifyAlert({ serviceSource: v, detectionSource: v, productName: v })).toEqual({
        kind: 'unclassified',
      });
    }
  });

  it('leaves an alert unclassified when no field names a source', () => {
    expect(classifyAlert({ serviceSource: 'unknownFutureValue' })).toEqual({ kind: 'unclassified' });
    expect(
      classifyAlert({
        serviceSource: 'unknown',
        detectionSource: 'securityCopilot',
        productName: 'Contoso EDR',
      }),
    ).toEqual({ kind: 'unclassified' });
    expect(classifyAlert({ serviceSource: 'unknown', detectionSource: null, productName: null }).kind).toBe(
      'unclassified',
    );
  });
});

describe('DEFENDER_SOURCES', () => {
  it('counts every source Defender XDR raises as its own by default', () => {
    for (const s of [
      'microsoftDefenderForEndpoint',
      'microsoftDefenderForOffice365',
      'microsoftDefenderForIdentity',
      'microsoftDefenderForCloudApps',
      'microsoft365Defender',
      'azureAdIdentityProtection',
      'microsoftAppGovernance',
      'microsoftDefenderForCloud',
      'microsoftThreatIntelligence',
    ]) {
      expect(classifyAlert({ serviceSource: s }).kind).toBe('defender');
    }
  });

  it('excludes Insider Risk and Sentinel by default, however they are named', () => {
    expect(classifyAlert({ serviceSource: 'microsoftInsiderRiskManagement' })).toEqual({
      kind: 'excluded',
      source: 'microsoftInsiderRiskManagement',
      from: 'serviceSource',
    });
    expect(
      classifyAlert({ serviceSource: 'unknownFutureValue', detectionSource: 'scheduledAlerts' }).kind,
    ).toBe('excluded');
    expect(classifyAlert({ serviceSource: 'unknown', productName: 'Microsoft Sentinel' }).kind).toBe(
      'excluded',
    );
  });

  it('includes Insider Risk and Sentinel when the operator adds them', () => {
    const set = withSources('microsoftInsiderRiskManagement', 'microsoftSentinel');
    expect(classifyAlert({ serviceSource: 'microsoftInsiderRiskManagement' }, set).kind).toBe('defender');
    expect(
      classifyAlert({ serviceSource: 'unknownFutureValue', detectionSource: 'nrtAlerts' }, set).kind,
    ).toBe('defender');
  });

  it('always puts DLP on the DLP side, whatever the set', () => {
    expect(classifyAlert({ serviceSource: 'dataLossPrevention' }, new Set()).kind).toBe('dlp');
    expect(isDlpAlert({ serviceSource: 'unknown', productName: 'Microsoft Data Loss Prevention' })).toBe(
      true,
    );
    expect(isDlpAlert({ serviceSource: 'microsoftDefenderForEndpoint' })).toBe(false);
  });

  it('parses a comma list case-insensitively into the published spellings, without duplicates', () => {
    expect(
      parseDefenderSources(' microsoftdefenderforendpoint, MicrosoftSentinel ,microsoftSentinel'),
    ).toEqual({
      sources: ['microsoftDefenderForEndpoint', 'microsoftSentinel'],
      unknown: [],
    });
  });

  it('reports names that are not a serviceSource Defender can be told by (DLP and placeholders included)', () => {
    expect(
      parseDefenderSources('microsoftDefenderForEndpoint,mde,dataLossPrevention,unknownFutureValue').unknown,
    ).toEqual(['mde', 'dataLossPrevention', 'unknownFutureValue']);
  });

  it('falls back to the default set for an empty value', () => {
    expect(parseDefenderSources('').sources).toEqual([...DEFAULT_DEFENDER_SOURCES]);
    expect(parseDefenderSources(undefined).sources).toEqual([...DEFAULT_DEFENDER_SOURCES]);
  });
});
