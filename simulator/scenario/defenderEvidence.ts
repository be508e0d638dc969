/** The evidence each Defender product attaches to its alerts (used by the recipes in recipes.ts). */
import type { AlertEvidence } from '../../src/model';
import * as ev from './evidence';
import * as session from './sessionEvidence';
import type { RecipeContext } from './recipes';
import type { DirectoryDevice } from './types';

const EXTERNAL_IPS = ['185.220.101.47', '45.133.1.92', '103.251.167.10', '91.219.236.18', '198.51.100.77'];
const COUNTRIES = ['NL', 'RU', 'SG', 'UA', 'BR'];

function style(ctx: RecipeContext): ev.AccountStyle {
  return {
    upn: ctx.shape === 'user' ? 'canonical' : 'none',
    objectId: ctx.shape === 'user' || ctx.shape === 'objectId',
  };
}

const hasUser = (ctx: RecipeContext): boolean => ctx.shape === 'user' || ctx.shape === 'objectId';

export function endpoint(
  ctx: RecipeContext,
  image: string,
  commandLine: string,
  dropped?: ev.FileSpec,
): AlertEvidence[] {
  const { rng, at, user } = ctx;
  const device = ctx.device as DirectoryDevice;
  const account = ctx.shape === 'device' ? ev.systemAccount() : ev.userAccount(user, style(ctx));
  const dir =
    ctx.shape === 'device' ? 'C:\\Windows\\System32' : `C:\\Users\\${user.accountName}\\AppData\\Local\\Temp`;
  const imageFile = { fileName: image, filePath: dir, fileSize: rng.int(40_000, 900_000) };
  const out: AlertEvidence[] = [
    ev.deviceEvidence(at, device, ctx.shape === 'device' ? [] : [user], ['compromised']),
    ev.processEvidence(at, rng, {
      image: imageFile,
      commandLine,
      parent: { fileName: 'explorer.exe', filePath: 'C:\\Windows', fileSize: 5_210_112 },
      account,
      mdeDeviceId: device.mdeDeviceId,
    }),
    ev.fileEvidence(at, rng, dropped ?? imageFile, [], device.mdeDeviceId),
  ];
  if (hasUser(ctx)) out.push(ev.userEvidence(at, account, ['compromised']));
  if (rng.chance(0.4))
    out.push(ev.ipEvidence(at, rng.pick(EXTERNAL_IPS), rng.pick(COUNTRIES), ['destination']));
  return out;
}

export function email(ctx: RecipeContext, subject: string, url: string): AlertEvidence[] {
  const { rng, at, user } = ctx;
  const ip = rng.pick(EXTERNAL_IPS);
  const msg = {
    sender: 'billing@contoso-payments.co',
    senderName: 'Accounts Payable',
    recipient: user.mail,
    subject,
    senderIp: ip,
    urlCount: 1,
    attachmentsCount: 0,
  };
  const out: AlertEvidence[] = [ev.urlEvidence(at, url), ev.ipEvidence(at, ip, rng.pick(COUNTRIES))];
  if (ctx.shape === 'none') return out;
  out.push(
    session.analyzedMessageEvidence(at, rng, msg),
    ev.mailboxEvidence(at, user, ctx.shape !== 'mailbox', ['destination']),
  );
  if (hasUser(ctx)) out.push(ev.userEvidence(at, ev.userAccount(user, style(ctx)), ['destination']));
  return out;
}

export function identity(ctx: RecipeContext, dcHost: DirectoryDevice | undefined): AlertEvidence[] {
  const { rng, at, user } = ctx;
  const account = ev.userAccount(user, style(ctx));
  const out: AlertEvidence[] = [
    ev.userEvidence(at, account, ['compromised']),
    ev.ipEvidence(at, `10.20.${rng.int(1, 40)}.${rng.int(2, 250)}`, 'US'),
  ];
  if (ctx.device) {
    const host = ev.deviceEvidence(at, ctx.device, [user]);
    out.push(session.hostLogonSessionEvidence(at, account, host, rng));
  }
  if (dcHost) out.push(ev.deviceEvidence(at, dcHost, [], ['destination']));
  return out;
}

export function cloud(
  ctx: RecipeContext,
  app: readonly [number, string],
  withMailbox: boolean,
): AlertEvidence[] {
  const { rng, at, user } = ctx;
  const account = ev.userAccount(user, {
    upn: rng.chance(0.5) ? 'lower' : 'canonical',
    objectId: ctx.shape === 'user' || ctx.shape === 'objectId',
  });
  if (ctx.shape === 'objectId') account.userPrincipalName = null;
  const out: AlertEvidence[] = [
    ev.userEvidence(at, account, ['compromised']),
    session.cloudLogonSessionEvidence(at, account, { browser: 'Edge 126.0', os: 'Windows 10' }),
    session.cloudApplicationEvidence(at, app[0], app[1]),
    ev.ipEvidence(at, rng.pick(EXTERNAL_IPS), rng.pick(COUNTRIES)),
  ];
  if (withMailbox) out.push(ev.mailboxEvidence(at, user, true));
  return out;
}

export function teams(ctx: RecipeContext): AlertEvidence[] {
  const { rng, at, user } = ctx;
  const url = `https://contoso-sharepoint.support-login.net/${rng.hex(8)}`;
  const msg = {
    sender: 'it-helpdesk@contos0-support.com',
    recipients: [user.userPrincipalName],
    subject: null,
    files: [],
    external: true,
  };
  return [
    session.teamsMessageEvidence(at, rng, msg, ['destination']),
    ev.urlEvidence(at, url),
    ev.userEvidence(at, ev.userAccount(user, style(ctx)), ['destination']),
  ];
}

export const DOMAIN_CONTROLLER: DirectoryDevice = {
  mdeDeviceId: '6f1e0d2c3b4a59687786950a1b2c3d4e5f607182',
  azureAdDeviceId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  hostName: 'CONTOSO-DC01',
  deviceDnsName: 'contoso-dc01.contoso.com',
  ownerId: '',
  osPlatform: 'WindowsServer2022',
  osBuild: 20348,
  version: '21H2',
  ipAddress: '10.0.0.4',
};
