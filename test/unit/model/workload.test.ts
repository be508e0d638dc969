import { evidenceWorkloads, parseWorkload, parseWorkloads, WORKLOADS } from '../../../src/model';

const ev = (kind: string, fields: Record<string, unknown> = {}) => ({
  '@odata.type': `#microsoft.graph.security.${kind}`,
  ...fields,
});

describe('parseWorkload', () => {
  it("accepts Microsoft's spellings of each workload, in any case", () => {
    const cases: Array<[string, string]> = [
      ['Exchange', 'Exchange'],
      ['MicrosoftExchangeOnline', 'Exchange'],
      ['Microsoft Exchange Online', 'Exchange'],
      ['sharepoint', 'SharePoint'],
      ['Microsoft SharePoint Online', 'SharePoint'],
      ['OneDrive', 'OneDrive'],
      ['OneDrive for Business', 'OneDrive'],
      ['Microsoft OneDrive for Business', 'OneDrive'],
      ['MicrosoftTeams', 'Teams'],
      ['teams', 'Teams'],
      ['Endpoint', 'Endpoint'],
      ['Devices', 'Endpoint'],
    ];
    for (const [name, workload] of cases) expect([name, parseWorkload(name)]).toEqual([name, workload]);
  });

  it('refuses anything else', () => {
    for (const junk of ['AzureActiveDirectory', 'Sway', '', 42, null, 'x'.repeat(200)])
      expect(parseWorkload(junk)).toBeUndefined();
  });

  it('parses a list into canonical order, each once, junk left out', () => {
    expect(parseWorkloads(['teams', 'Exchange', 'MicrosoftTeams', 'Yammer'])).toEqual(['Exchange', 'Teams']);
    expect(parseWorkloads('Exchange')).toEqual([]);
    expect(WORKLOADS).toEqual(['Exchange', 'SharePoint', 'OneDrive', 'Teams', 'Endpoint']);
  });
});

describe('evidenceWorkloads', () => {
  it('reads mail evidence as Exchange and Teams message evidence as Teams', () => {
    expect(evidenceWorkloads([ev('mailboxEvidence'), ev('userEvidence')])).toEqual(['Exchange']);
    expect(evidenceWorkloads([ev('analyzedMessageEvidence')])).toEqual(['Exchange']);
    expect(evidenceWorkloads([ev('teamsMessageEvidence')])).toEqual(['Teams']);
  });

  it('reads device evidence, or a file seen on a Defender device, as Endpoint', () => {
    expect(evidenceWorkloads([ev('deviceEvidence', { mdeDeviceId: 'abc' })])).toEqual(['Endpoint']);
    expect(evidenceWorkloads([ev('fileEvidence', { mdeDeviceId: 'abc', fileDetails: {} })])).toEqual([
      'Endpoint',
    ]);
  });

  it('tells SharePoint from OneDrive by the file URL', () => {
    const file = (filePath: string) => ev('fileEvidence', { fileDetails: { filePath } });
    expect(evidenceWorkloads([file('https://contoso.sharepoint.com/sites/HR/doc.docx')])).toEqual([
      'SharePoint',
    ]);
    expect(evidenceWorkloads([file('https://contoso-my.sharepoint.com/personal/megan/doc.docx')])).toEqual([
      'OneDrive',
    ]);
    expect(evidenceWorkloads([file('C:\\Users\\megan\\doc.docx')])).toEqual([]);
    expect(evidenceWorkloads([file('https://sharepoint.com.evil.example/doc')])).toEqual([]);
  });

  it('reads a cloud application named after a workload', () => {
    expect(evidenceWorkloads([ev('cloudApplicationEvidence', { displayName: 'Microsoft Teams' })])).toEqual([
      'Teams',
    ]);
    expect(evidenceWorkloads([ev('cloudApplicationEvidence', { displayName: 'Dropbox' })])).toEqual([]);
  });

  it('tells nothing from user evidence alone, and never throws on junk', () => {
    expect(evidenceWorkloads([ev('userEvidence')])).toEqual([]);
    expect(evidenceWorkloads([null, 3, 'x', { '@odata.type': 7 }])).toEqual([]);
    expect(evidenceWorkloads(undefined)).toEqual([]);
  });
});
