import { TenantFleet } from '../../../src/compose/fleet';
import { FenceSlot, type TenantParts } from '../../../src/compose/tenant';
import type { Base } from '../../../src/compose/types';
import { createLogger } from '../../../src/log';
import { AllTenantsHere, MemoryStore } from '../../../src/store';
import type { TenantSpec } from '../../../src/tenants';
import { FakeClock } from '../../helpers/clocks';

/** A tenant's parts reduced to what the fleet drives, recording what happened to them. */
function fakeParts(spec: TenantSpec, events: string[]): TenantParts {
  const fence = new FenceSlot(spec.name);
  let running = false;
  return {
    spec,
    fence,
    poller: {
      load: async () => void events.push(`load ${spec.name}`),
      start: async () => {
        running = true;
        events.push(`poll ${spec.name}`);
      },
      stop: async () => {
        if (running) events.push(`stop ${spec.name}`);
        running = false;
      },
      status: () => ({ lastError: null }),
    },
    notifier: {
      start: () => void events.push(`notify ${spec.name}`),
      stop: async () => undefined,
      kick: () => void events.push(`kick ${spec.name}`),
    },
    permissions: { stop: () => undefined, report: () => ({}) },
  } as unknown as TenantParts;
}

function fleetOf(events: string[], store: object = new MemoryStore()) {
  const base = {
    clock: new FakeClock(0),
    logger: createLogger({ level: 'silent' }),
    storage: { store },
  } as unknown as Base;
  const assignment = new AllTenantsHere('r1');
  const fleet = new TenantFleet(base, (spec) => fakeParts(spec, events), assignment);
  return { fleet, assignment };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('TenantFleet', () => {
  it('polls every tenant it holds, under the lease fence', async () => {
    const events: string[] = [];
    const { fleet } = fleetOf(events);
    await fleet.setTenants([
      { name: 'contoso', tenantId: 'contoso.example' },
      { name: 'fabrikam', tenantId: 'fabrikam.example' },
    ]);
    await fleet.start();
    await settle();
    expect([...events].sort()).toEqual(['load contoso', 'load fabrikam', 'poll contoso', 'poll fabrikam']);
    expect(events.indexOf('load contoso')).toBeLessThan(events.indexOf('poll contoso'));
    await expect(fleet.get('contoso')!.fence.check()).resolves.toBeUndefined();
    expect(fleet.held()).toEqual(['contoso', 'fabrikam']);
  });

  it('applies an edited tenant list: removed ones stop, added ones poll, changed ones keep their lease', async () => {
    const events: string[] = [];
    const { fleet } = fleetOf(events);
    await fleet.setTenants([
      { name: 'contoso', tenantId: 'contoso.example' },
      { name: 'fabrikam', tenantId: 'fabrikam.example' },
    ]);
    await fleet.start();
    await settle();
    events.length = 0;
    await fleet.setTenants([
      { name: 'contoso', tenantId: 'contoso.example', displayName: 'Contoso Ltd' },
      { name: 'northwind', tenantId: 'northwind.example' },
    ]);
    await settle();
    expect(events).toEqual(
      expect.arrayContaining([
        'stop contoso',
        'stop fabrikam',
        'load contoso',
        'poll contoso',
        'poll northwind',
      ]),
    );
    expect(events).not.toContain('poll fabrikam');
    expect(fleet.list().map((p) => p.spec.name)).toEqual(['contoso', 'northwind']);
    expect(fleet.get('contoso')!.spec.displayName).toBe('Contoso Ltd');
    await expect(fleet.get('contoso')!.fence.check()).resolves.toBeUndefined();
    expect(fleet.held().sort()).toEqual(['contoso', 'northwind']);
  });

  it('refuses writes once a tenant is released, and stops its poller', async () => {
    const events: string[] = [];
    const { fleet, assignment } = fleetOf(events);
    await fleet.setTenants([{ name: 'contoso', tenantId: 'contoso.example' }]);
    await fleet.start();
    await settle();
    const parts = fleet.get('contoso')!;
    await assignment.stop();
    await settle();
    expect(events).toContain('stop contoso');
    await expect(parts.fence.check()).rejects.toMatchObject({ code: 'fence_lost' });
  });

  it('starts every notifier only while leading', async () => {
    const events: string[] = [];
    const { fleet } = fleetOf(events);
    await fleet.setTenants([{ name: 'contoso', tenantId: 'contoso.example' }]);
    expect(events.filter((e) => e.startsWith('notify'))).toEqual([]);
    const task = fleet.leaderTask();
    await task.start();
    await fleet.setTenants([
      { name: 'contoso', tenantId: 'contoso.example' },
      { name: 'fabrikam', tenantId: 'fabrikam.example' },
    ]);
    expect(events.filter((e) => e.startsWith('notify'))).toEqual(['notify contoso', 'notify fabrikam']);
    await task.stop();
  });

  it('on Azure Blob, the leader\u2019s doorbell wakes the notifiers of the tenants with outbox entries', async () => {
    const events: string[] = [];
    let listed = 0;
    const store = {
      kind: 'azure-blob',
      listKeys: async (prefix: string) => {
        listed++;
        expect(prefix).toBe('outbox/');
        return ['outbox/fabrikam/000000000000001-000001-a1'];
      },
    };
    const { fleet } = fleetOf(events, store);
    await fleet.setTenants([
      { name: 'contoso', tenantId: 'contoso.example' },
      { name: 'fabrikam', tenantId: 'fabrikam.example' },
    ]);
    const task = fleet.leaderTask();
    await task.start();
    await settle();
    await task.stop();
    expect(listed).toBeGreaterThan(0);
    expect(events).toContain('kick fabrikam');
    expect(events).not.toContain('kick contoso');
  });
});
