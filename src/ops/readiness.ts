import type { PollerStatus } from '../poller';

/** What readiness looks at. */
export interface ReadinessDeps {
  store: { ping(): Promise<void> };
  leader: { isLeader(): boolean };
  poller: { status(): PollerStatus };
  permissions: { allows(operation: 'listAlerts'): boolean };
}

/**
 * `GET /readyz`: undefined when this replica should take traffic, else why not. Not ready when the store
 * does not answer (the ping throws), or when this replica leads and its last poll failed. A poll refused
 * for a missing permission is not this replica's fault: taking it out of rotation would also hide the
 * /status that explains what to grant.
 */
export function serviceReadiness(d: ReadinessDeps): () => Promise<string | undefined> {
  return async () => {
    await d.store.ping();
    const p = d.poller.status();
    if (d.leader.isLeader() && p.lastError && d.permissions.allows('listAlerts'))
      return `the last poll failed: ${p.lastError}`;
    return undefined;
  };
}
