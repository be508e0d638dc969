import type { Directory, DirectoryUser } from '../scenario';

/** A user by Entra object id or UPN (UPNs compare case-insensitively, as Entra ID does). */
export function findUser(directory: Directory, idOrUpn: string): DirectoryUser | undefined {
  const key = idOrUpn.toLowerCase();
  return directory.users.find((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
}

/** Which of `groupIds` the user is a member of (the simulated tenant has no nested groups). */
export function memberGroups(directory: Directory, userId: string, groupIds: readonly string[]): string[] {
  const wanted = new Set(groupIds.map((g) => g.toLowerCase()));
  return directory.groups
    .filter((g) => wanted.has(g.id.toLowerCase()) && g.memberIds.includes(userId))
    .map((g) => g.id);
}
