import { extractIdentities, identityKey, resolveIdentityKey, type Identity } from '../../../src/correlation';
import type { AlertEvidence } from '../../../src/model';
import {
  analyzedMessageEvidence,
  cloudLogonSessionEvidence,
  deviceEvidence,
  fileEvidence,
  hostLogonSessionEvidence,
  mailboxEvidence,
  makeAlert,
  makeDlpAlert,
  processEvidence,
  teamsMessageEvidence,
  userEvidence,
} from '../../helpers/builders';

const AAD = '6F1C2D3E-4B5A-4C6D-8E7F-9A0B1C2D3E4F';

function keysOf(evidence: AlertEvidence[]): string[] {
  return extractIdentities(makeAlert({ evidence })).map((i) => i.key);
}

describe('extractIdentities', () => {
  it('reads the Entra object id, the UPN and the on-prem account of userEvidence', () => {
    const ids = extractIdentities(
      makeAlert({
        evidence: [userEvidence({ upn: ' Alice@Contoso.com ', aadId: AAD, domainName: 'CONTOSO' })],
      }),
    );
    expect(ids).toEqual<Identity[]>([
      { kind: 'aadUserId', key: `aad:${AAD.toLowerCase()}`, display: AAD },
      { kind: 'upn', key: 'email:alice@contoso.com', display: 'Alice@Contoso.com' },
      { kind: 'account', key: 'account:contoso\\alice', display: 'CONTOSO\\Alice' },
    ]);
  });

  it('reads upn, primaryAddress and userAccount of mailboxEvidence, a shared address once as upn', () => {
    const ids = extractIdentities(
      makeAlert({
        evidence: [
          mailboxEvidence({
            primaryAddress: 'bob@contoso.com',
            upn: 'Bob@Contoso.com',
            user: { aadId: AAD },
          }),
        ],
      }),
    );
    expect(ids.map((i) => [i.kind, i.key])).toEqual([
      ['upn', 'email:bob@contoso.com'],
      ['aadUserId', `aad:${AAD.toLowerCase()}`],
    ]);
    expect(ids[0]?.display).toBe('Bob@Contoso.com');
  });

  it('reads the three device ids and the logged-on accounts of deviceEvidence', () => {
    const keys = keysOf([
      deviceEvidence({
        mdeDeviceId: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        azureAdDeviceId: '11111111-2222-4333-8444-555555555555',
        deviceDnsName: 'PC-042.contoso.com',
        loggedOnUsers: [{ accountName: 'alice', domainName: 'CONTOSO' }],
      }),
    ]);
    expect(keys).toEqual([
      'device:a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      'device:11111111-2222-4333-8444-555555555555',
      'device:pc-042.contoso.com',
      'account:contoso\\alice',
    ]);
  });

  it('reads the account and the device of processEvidence and the device of fileEvidence', () => {
    expect(
      keysOf([
        processEvidence({ user: { accountName: 'svc-backup', domainName: 'CONTOSO' }, mdeDeviceId: 'dev1' }),
      ]),
    ).toEqual(['account:contoso\\svc-backup', 'device:dev1']);
    expect(keysOf([fileEvidence({ mdeDeviceId: 'DEV2' })])).toEqual(['device:dev2']);
  });

  it('reads account.userAccount of cloud logon sessions, and account and host of host logon sessions', () => {
    expect(
      keysOf([cloudLogonSessionEvidence({ user: { upn: 'carol@contoso.com', accountName: null } })]),
    ).toEqual(['email:carol@contoso.com']);
    const host = keysOf([
      hostLogonSessionEvidence({ user: { aadId: AAD }, host: { deviceDnsName: 'dc01.contoso.com' } }),
    ]);
    expect(host).toEqual([`aad:${AAD.toLowerCase()}`, 'device:dc01.contoso.com']);
  });

  it('reads recipient and both senders of analyzedMessageEvidence, as objects or as plain strings', () => {
    const keys = keysOf([
      analyzedMessageEvidence({
        recipient: 'dave@contoso.com',
        p1Sender: { emailAddress: 'Erin@Fabrikam.com', displayName: 'Erin' },
        p2Sender: 'frank@fabrikam.com',
      }),
    ]);
    expect(keys).toEqual(['email:dave@contoso.com', 'email:erin@fabrikam.com', 'email:frank@fabrikam.com']);
  });

  it('reads sender and recipients of teamsMessageEvidence', () => {
    const keys = keysOf([
      teamsMessageEvidence({
        sender: { emailAddress: 'gina@contoso.com' },
        recipients: ['hank@contoso.com', 'x'],
      }),
      teamsMessageEvidence({ sender: 'ivan@contoso.com' }),
    ]);
    expect(keys).toEqual(['email:gina@contoso.com', 'email:hank@contoso.com', 'email:ivan@contoso.com']);
  });

  it('names every identity once, keeping the strongest kind', () => {
    const ids = extractIdentities(
      makeAlert({
        evidence: [
          analyzedMessageEvidence({ recipient: 'ALICE@contoso.com' }),
          userEvidence({ upn: 'alice@contoso.com', accountName: null }),
          mailboxEvidence({ primaryAddress: 'alice@contoso.com' }),
        ],
      }),
    );
    expect(ids).toEqual([{ kind: 'upn', key: 'email:alice@contoso.com', display: 'ALICE@contoso.com' }]);
  });

  it('lists the policy violator first on DLP alerts and flags it', () => {
    const ids = extractIdentities(
      makeDlpAlert({
        evidence: [
          teamsMessageEvidence({ recipients: ['bob@contoso.com'] }),
          userEvidence({ upn: 'alice@contoso.com', accountName: null, roles: ['policyViolator'] }),
        ],
      }),
    );
    expect(ids.map((i) => [i.key, i.violator === true])).toEqual([
      ['email:alice@contoso.com', true],
      ['email:bob@contoso.com', false],
    ]);
  });

  it('ignores roles on Defender alerts', () => {
    const ids = extractIdentities(
      makeAlert({ evidence: [userEvidence({ upn: 'a@b.c', roles: ['policyViolator'] })] }),
    );
    expect(ids.some((i) => i.violator)).toBe(false);
  });

  it('accepts evidence types written without the namespace', () => {
    const ev = { '@odata.type': 'userEvidence', userAccount: { userPrincipalName: 'jo@contoso.com' } };
    expect(keysOf([ev])).toEqual(['email:jo@contoso.com']);
  });

  it('keeps unknown evidence types harmless: they name nobody', () => {
    const ev = {
      '@odata.type': '#microsoft.graph.security.quantumEvidence',
      userAccount: { userPrincipalName: 'a@b.c' },
    };
    expect(
      keysOf([ev, { '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.0.0.1' }]),
    ).toEqual([]);
  });

  it('reads mailboxConfigurationEvidence by its full Graph type as by its short name', () => {
    const ev = (type: string): AlertEvidence =>
      ({
        '@odata.type': type,
        upn: 'Eve@Contoso.com',
        mailboxPrimaryAddress: 'eve.shared@contoso.com',
        externalDirectoryObjectId: AAD,
      }) as unknown as AlertEvidence;
    const expected = [`aad:${AAD.toLowerCase()}`, 'email:eve@contoso.com', 'email:eve.shared@contoso.com'];
    expect(keysOf([ev('#microsoft.graph.security.mailboxConfigurationEvidence')])).toEqual(expected);
    expect(keysOf([ev('mailboxConfigurationEvidence')])).toEqual(expected);
  });

  it('skips the evidence kinds that name nobody without losing the identities around them', () => {
    const kinds = ['ipEvidence', 'urlEvidence', 'cloudApplicationEvidence', 'registryKeyEvidence'];
    const evidence = kinds.map(
      (k) =>
        ({
          '@odata.type': `#microsoft.graph.security.${k}`,
          userAccount: { userPrincipalName: 'ghost@contoso.com' },
        }) as unknown as AlertEvidence,
    );
    const ann = userEvidence({ upn: 'Ann@Contoso.com' });
    evidence.splice(2, 0, ann);
    expect(keysOf(evidence)).toEqual(keysOf([ann]));
    expect(keysOf(evidence)).toContain('email:ann@contoso.com');
  });

  it('never throws on malformed evidence and skips values of the wrong shape', () => {
    const junk: unknown[] = [
      null,
      42,
      'userEvidence',
      [],
      { '@odata.type': 7 },
      { '@odata.type': '#microsoft.graph.security.userEvidence' },
      { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: 'alice' },
      {
        '@odata.type': '#microsoft.graph.security.userEvidence',
        userAccount: { userPrincipalName: 42, azureAdUserId: {} },
      },
      {
        '@odata.type': '#microsoft.graph.security.userEvidence',
        userAccount: { azureAdUserId: 'not-a-guid' },
      },
      { '@odata.type': '#microsoft.graph.security.mailboxEvidence', upn: 'no-at-sign', primaryAddress: '' },
      {
        '@odata.type': '#microsoft.graph.security.deviceEvidence',
        loggedOnUsers: [null, 'x', { accountName: 'a' }],
      },
      {
        '@odata.type': '#microsoft.graph.security.deviceEvidence',
        loggedOnUsers: 'nobody',
        mdeDeviceId: '   ',
      },
      { '@odata.type': '#microsoft.graph.security.hostLogonSessionEvidence', account: 5, host: [] },
      {
        '@odata.type': '#microsoft.graph.security.teamsMessageEvidence',
        recipients: { a: 1 },
        senderFromAddress: 3,
      },
      {
        '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence',
        p1Sender: { emailAddress: null },
      },
      {
        '@odata.type': '#microsoft.graph.security.userEvidence',
        userAccount: { userPrincipalName: 'x'.repeat(400) + '@a.b' },
      },
    ];
    expect(keysOf(junk as AlertEvidence[])).toEqual([]);
    for (const evidence of [undefined, null, 'x', 3, {}] as unknown[]) {
      expect(extractIdentities({ evidence })).toEqual([]);
    }
    expect(extractIdentities(null as never)).toEqual([]);
  });
});

describe('identity keys', () => {
  it('normalizes a spelled identity to its match key', () => {
    expect(identityKey('upn', ' Alice@Contoso.COM')).toBe('email:alice@contoso.com');
    expect(identityKey('mailbox', 'alice@contoso.com')).toBe('email:alice@contoso.com');
    expect(identityKey('aadUserId', AAD)).toBe(`aad:${AAD.toLowerCase()}`);
    expect(identityKey('device', 'PC-1')).toBe('device:pc-1');
    expect(identityKey('account', 'CONTOSO\\Alice')).toBe('account:contoso\\alice');
  });

  it('resolves what an analyst types, or a key in any accepted spelling', () => {
    expect(resolveIdentityKey('Alice@Contoso.com')).toBe('email:alice@contoso.com');
    expect(resolveIdentityKey('upn:Alice@Contoso.com')).toBe('email:alice@contoso.com');
    expect(resolveIdentityKey('mailbox:alice@contoso.com')).toBe('email:alice@contoso.com');
    expect(resolveIdentityKey('email:alice@contoso.com')).toBe('email:alice@contoso.com');
    expect(resolveIdentityKey(AAD)).toBe(`aad:${AAD.toLowerCase()}`);
    expect(resolveIdentityKey(`aadUserId:${AAD}`)).toBe(`aad:${AAD.toLowerCase()}`);
    expect(resolveIdentityKey('CONTOSO\\alice')).toBe('account:contoso\\alice');
    expect(resolveIdentityKey('PC-042.contoso.com')).toBe('device:pc-042.contoso.com');
    expect(resolveIdentityKey('  ')).toBeUndefined();
    expect(resolveIdentityKey('upn:')).toBeUndefined();
  });
});
