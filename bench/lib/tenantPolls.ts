/**
 * The `tenants` benchmark's figures, read from the simulator's request log (pure: no I/O, no clock).
 * Definitions (issue 21):
 * - a tenant poll is on time when it starts within interval + 10 s of the previous one;
 * - `onTimeShare` leaves out the killed replica's tenants between the kill and their takeover;
 * - `takeoverMs` runs from the SIGKILL to the last of its tenants' first successful list request on
 *   another replica;
 * - `doublePolls` counts list requests for one tenant from two replicas within one interval.
 * How they are read precisely:
 * - a poll is a run of list requests for one tenant by one replica (its pages), a new one starting when
 *   the replica changes or more than half an interval passed since the tenant's previous request;
 * - every poll starting inside the window is judged against the tenant's previous poll (which may lie
 *   before the window); a tenant whose last poll is more than interval + 10 s before the window's end
 *   counts one more poll, late (a poll that should have started and did not);
 * - left out of `onTimeShare`: each killed tenant's first poll after the kill (its gap is the kill and
 *   takeover), and the trailing check of a killed tenant not yet taken over;
 * - a request is a double poll when another replica listed the same tenant within the interval before
 *   it, unless that other replica had been killed by then: a dead process polls nothing "at once", so
 *   the takeover's first requests after the dead replica's last ones are not counted (they are reported
 *   apart as `takeoverRepeats`).
 */

/** One list request as the simulator logged it. */
export interface ListRequest {
  at: number;
  tenantId: string | undefined;
  replica: string | undefined;
  status: number;
}

export interface PollWindow {
  /** Every tenant id the bot serves. */
  tenants: readonly string[];
  intervalMs: number;
  /** How late a poll may start after interval (10 s). */
  graceMs: number;
  /** The measured window [from, to] (epoch ms, the simulator's clock = this host's). */
  from: number;
  to: number;
  /** The SIGKILL, if any: when, which replica, and the tenants it held then. */
  kill?: { at: number; replica: string; tenants: readonly string[] };
}

export interface PollFigures {
  /** Polls judged (on time or not) and of them on time. */
  polls: number;
  onTime: number;
  onTimeShare: number;
  /** NaN without a kill, or when some killed tenant was never taken over. */
  takeoverMs: number;
  /** Killed tenants never polled by another replica within the window. */
  notTakenOver: number;
  doublePolls: number;
  /** Requests within one interval of the killed replica's last request for the tenant (not counted). */
  takeoverRepeats: number;
  /** The worst gap between two polls of one tenant, leaving out the takeover gaps (ms). */
  worstGapMs: number;
}

interface Poll {
  at: number;
  replica: string | undefined;
}

/** Groups each tenant's list requests into polls (a replica's pages of one cycle are one poll). */
export function pollsByTenant(requests: readonly ListRequest[], intervalMs: number): Map<string, Poll[]> {
  const out = new Map<string, Poll[]>();
  const lastAt = new Map<string, number>();
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    const t = (r.tenantId ?? '').toLowerCase();
    const polls = out.get(t) ?? [];
    out.set(t, polls);
    const prev = polls[polls.length - 1];
    if (!prev || prev.replica !== r.replica || r.at - (lastAt.get(t) ?? 0) > intervalMs / 2)
      polls.push({ at: r.at, replica: r.replica });
    lastAt.set(t, r.at);
  }
  return out;
}

export function pollFigures(requests: readonly ListRequest[], w: PollWindow): PollFigures {
  const killed = new Set((w.kill?.tenants ?? []).map((t) => t.toLowerCase()));
  const byTenant = pollsByTenant(requests, w.intervalMs);
  const limit = w.intervalMs + w.graceMs;
  let polls = 0;
  let onTime = 0;
  let worstGapMs = 0;
  for (const tenant of w.tenants.map((t) => t.toLowerCase())) {
    const list = byTenant.get(tenant) ?? [];
    let takenOver = false;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const prev = list[i - 1];
      if (w.kill && killed.has(tenant) && p.at > w.kill.at && !takenOver) {
        takenOver = p.replica !== w.kill.replica;
        if (takenOver) continue; // the takeover: its gap spans the kill
      }
      if (p.at < w.from || p.at > w.to || !prev) continue;
      polls += 1;
      const gap = p.at - prev.at;
      worstGapMs = Math.max(worstGapMs, gap);
      if (gap <= limit) onTime += 1;
    }
    const last = list.filter((p) => p.at <= w.to).pop();
    const waitingForTakeover = w.kill !== undefined && killed.has(tenant) && !takenOver;
    if (!waitingForTakeover && (!last || w.to - last.at > limit)) polls += 1; // one that never started
  }
  const { takeoverMs, notTakenOver } = takeover(requests, w);
  const doubles = doublePolls(requests, w);
  return {
    polls,
    onTime,
    onTimeShare: polls === 0 ? NaN : onTime / polls,
    takeoverMs,
    notTakenOver,
    ...doubles,
    worstGapMs,
  };
}

function takeover(
  requests: readonly ListRequest[],
  w: PollWindow,
): { takeoverMs: number; notTakenOver: number } {
  if (!w.kill) return { takeoverMs: NaN, notTakenOver: 0 };
  const kill = w.kill;
  let latest = 0;
  let missing = 0;
  for (const tenant of kill.tenants) {
    const first = requests.find(
      (r) =>
        r.tenantId?.toLowerCase() === tenant.toLowerCase() &&
        r.at > kill.at &&
        r.replica !== kill.replica &&
        r.status === 200,
    );
    if (first) latest = Math.max(latest, first.at - kill.at);
    else missing += 1;
  }
  return { takeoverMs: missing > 0 ? NaN : latest, notTakenOver: missing };
}

function doublePolls(
  requests: readonly ListRequest[],
  w: PollWindow,
): { doublePolls: number; takeoverRepeats: number } {
  const last = new Map<string, Map<string | undefined, number>>();
  let doubles = 0;
  let repeats = 0;
  for (const r of [...requests].sort((a, b) => a.at - b.at)) {
    const t = (r.tenantId ?? '').toLowerCase();
    const byReplica = last.get(t) ?? new Map<string | undefined, number>();
    last.set(t, byReplica);
    if (r.at >= w.from && r.at <= w.to) {
      const others = [...byReplica].filter(
        ([replica, at]) => replica !== r.replica && r.at - at < w.intervalMs,
      );
      const dead = (replica: string | undefined): boolean =>
        w.kill !== undefined && replica === w.kill.replica && r.at > w.kill.at;
      if (others.some(([replica]) => !dead(replica))) doubles += 1;
      else if (others.length > 0) repeats += 1;
    }
    byReplica.set(r.replica, r.at);
  }
  return { doublePolls: doubles, takeoverRepeats: repeats };
}
