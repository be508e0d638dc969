import type { TrackedAlert } from '../correlation';
import type { SensitiveInfoTarget } from '../graph';

/** What advanced hunting is asked about one DLP alert: its users and its activity window. */
export function sensitiveInfoTarget(dlp: TrackedAlert): SensitiveInfoTarget {
  const upns = new Set<string>();
  const objectIds = new Set<string>();
  for (const i of dlp.identities) {
    if (i.kind === 'upn' || i.kind === 'mailbox') upns.add(i.display.trim());
    else if (i.kind === 'aadUserId') objectIds.add(i.display.trim());
  }
  return {
    dlpAlertId: dlp.id,
    upns: [...upns],
    objectIds: [...objectIds],
    from: new Date(dlp.start).toISOString(),
    to: new Date(dlp.end).toISOString(),
  };
}
