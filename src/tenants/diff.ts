import { isDeepStrictEqual } from 'node:util';
import type { TenantSpec, TenantsDiff } from './types';

/** Which tenants (by name) `next` adds, removes or changes compared with `previous`. */
export function diffTenants(previous: readonly TenantSpec[], next: readonly TenantSpec[]): TenantsDiff {
  const before = new Map(previous.map((t) => [t.name, t]));
  const after = new Map(next.map((t) => [t.name, t]));
  const sorted = (names: Iterable<string>) => [...names].sort();
  return {
    added: sorted([...after.keys()].filter((n) => !before.has(n))),
    removed: sorted([...before.keys()].filter((n) => !after.has(n))),
    changed: sorted(
      [...after].filter(([n, t]) => before.has(n) && !isDeepStrictEqual(before.get(n), t)).map(([n]) => n),
    ),
  };
}

/** True when nothing was added, removed or changed. */
export function isEmptyDiff(d: TenantsDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
