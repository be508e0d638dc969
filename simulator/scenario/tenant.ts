import { ONMICROSOFT_UPN_INDEXES, PEOPLE, SOC_MEMBER_INDEXES } from './names';
import { Rng } from './rng';
import type { Directory, DirectoryDevice, DirectoryGroup, DirectoryUser } from './types';

/** The simulated tenant's id (fixed, so URLs and tokens are stable across seeds). */
export const TENANT_ID = '4b2f0c8e-9d3a-4e51-8f6b-2a7c1d9e3f60';
export const TENANT_DOMAIN = 'contoso.com';
/** The "SOC Analysts" security group whose members may act on cards. */
export const SOC_ANALYSTS_GROUP_ID = '5f1c3a6e-2b1d-4c8e-9a7f-0d3e2c1b4a59';
/**
 * Agents Playground's built-in mock user (Alex Wilber) sends this aadObjectId (not a GUID). It is a
 * member of SOC Analysts so the local demo works with the Playground's defaults.
 */
export const PLAYGROUND_USER_ID = '00000000-0000-0000-0000-0000000000020';

/** The directory is seeded by this constant, not the scenario seed: user and group ids never move. */
const DIRECTORY_SEED = 0x5eed2026;
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';

/** Builds the tenant: the 50 named people, then numbered users up to `userCount`; devices for ~60%. */
export function buildDirectory(userCount = PEOPLE.length): Directory {
  const rng = new Rng(DIRECTORY_SEED);
  const users: DirectoryUser[] = [];
  for (let i = 0; i < userCount; i++) users.push(makeUser(rng, i));
  users.push(playgroundUser());
  const devices: DirectoryDevice[] = [];
  for (let i = 0; i < userCount; i++) {
    if (i < 30 || (i >= PEOPLE.length && i % 5 < 3))
      devices.push(makeDevice(rng, users[i] as DirectoryUser, i));
  }
  return { tenantId: TENANT_ID, users, devices, groups: makeGroups(users) };
}

function makeUser(rng: Rng, i: number): DirectoryUser {
  const person = PEOPLE[i % PEOPLE.length] as (typeof PEOPLE)[number];
  const [given, surname, jobTitle, department] = person;
  const n = Math.floor(i / PEOPLE.length);
  const suffix = n === 0 ? '' : String(n + 1);
  const dotted = `${given}.${surname}${suffix}`;
  const cloudOnly = n === 0 && ONMICROSOFT_UPN_INDEXES.includes(i);
  const upn = cloudOnly
    ? `${given}${surname[0]}${suffix}@contoso.onmicrosoft.com`
    : `${dotted}@${TENANT_DOMAIN}`;
  return {
    id: rng.guid(),
    displayName: `${given} ${surname}${suffix ? ` ${suffix}` : ''}`,
    givenName: given,
    surname,
    userPrincipalName: upn,
    mail: `${dotted}@${TENANT_DOMAIN}`,
    accountName: `${given}${surname[0]}${suffix}`.toLowerCase(),
    domainName: 'CONTOSO',
    userSid: `${DOMAIN_SID}-${1100 + i}`,
    jobTitle,
    department,
  };
}

function playgroundUser(): DirectoryUser {
  return {
    id: PLAYGROUND_USER_ID,
    displayName: 'Alex Wilber (Agents Playground)',
    givenName: 'Alex',
    surname: 'Wilber',
    userPrincipalName: 'AlexW.Playground@contoso.com',
    mail: 'AlexW.Playground@contoso.com',
    accountName: 'alexw-pg',
    domainName: 'CONTOSO',
    userSid: `${DOMAIN_SID}-9999`,
    jobTitle: 'Security Analyst',
    department: 'Security Operations',
  };
}

function makeDevice(rng: Rng, owner: DirectoryUser, i: number): DirectoryDevice {
  const hostName = i % 4 === 3 ? `DESKTOP-${rng.hex(7).toUpperCase()}` : `CONTOSO-LT-${String(4000 + i * 7)}`;
  const win11 = i % 3 !== 0;
  return {
    mdeDeviceId: rng.hex(40),
    azureAdDeviceId: rng.guid(),
    hostName,
    deviceDnsName: `${hostName.toLowerCase()}.${TENANT_DOMAIN}`,
    ownerId: owner.id,
    osPlatform: win11 ? 'Windows11' : 'Windows10',
    osBuild: win11 ? 22631 : 19045,
    version: win11 ? '23H2' : '22H2',
    ipAddress: `10.${10 + (i % 40)}.${Math.floor(i / 250) % 250}.${(i % 250) + 2}`,
  };
}

function makeGroups(users: DirectoryUser[]): DirectoryGroup[] {
  const soc = SOC_MEMBER_INDEXES.map((i) => (users[i] as DirectoryUser).id).concat(PLAYGROUND_USER_ID);
  const finance = users.filter((u) => u.department === 'Finance').map((u) => u.id);
  return [
    { id: SOC_ANALYSTS_GROUP_ID, displayName: 'SOC Analysts', memberIds: soc },
    { id: '0a8e5c2d-7f31-4b6a-9c4e-3d2b1a0f9e87', displayName: 'Finance', memberIds: finance },
    {
      id: '9d4c2b1a-3e5f-4a7b-8c9d-1e2f3a4b5c6d',
      displayName: 'All Company',
      memberIds: users.map((u) => u.id),
    },
  ];
}

/** True for users who must never be the subject of a generated alert (the analysts themselves). */
export function isSocMember(directory: Directory, userId: string): boolean {
  const soc = directory.groups.find((g) => g.id === SOC_ANALYSTS_GROUP_ID);
  return soc?.memberIds.includes(userId) ?? false;
}
