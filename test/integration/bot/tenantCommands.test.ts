import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { namedTenantId, TENANT_ID } from '../../../simulator';
import type { TrackedAlert } from '../../../src/correlation';
import { eventually, startStack, type Stack } from '../../helpers/stack';
import { graphWrites, MEGAN, say } from './support';

/**
 * The Teams side of several customer tenants, through the real `/api/messages`: two simulated tenants
 * (Contoso, Fabrikam) in TENANTS_FILE, Megan limited to Contoso's alerts.
 */
const FABRIKAM = namedTenantId('fabrikam');
let stack: Stack;
const ids: Record<'contoso' | 'fabrikam', TrackedAlert[]> = { contoso: [], fabrikam: [] };

async function correlated(name: 'contoso' | 'fabrikam'): Promise<TrackedAlert[]> {
  const scope = stack.bot.services.tenants.get(name)!;
  return (await scope.alerts.listCorrelated({}, Date.now(), 100)).alerts;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlpbot-tenants-'));
  const file = join(dir, 'tenants.json');
  writeFileSync(
    file,
    JSON.stringify({
      tenants: [
        { name: 'contoso', tenantId: TENANT_ID, displayName: 'Contoso' },
        {
          name: 'fabrikam',
          tenantId: FABRIKAM,
          displayName: 'Fabrikam',
          analysts: ['someone.else@fabrikam.com'],
        },
      ],
    }),
  );
  stack = await startStack({
    scenario: 'demo',
    simulator: {
      tenants: [
        { tenantId: TENANT_ID, name: 'contoso' },
        { tenantId: FABRIKAM, name: 'fabrikam' },
      ],
    },
    env: { TENANTS_FILE: file },
  });
  for (const name of ['contoso', 'fabrikam'] as const)
    ids[name] = await eventually(
      async () => {
        const list = await correlated(name);
        return list.length > 0 && list;
      },
      30_000,
      `correlated alerts in ${name}`,
    );
});
afterAll(async () => {
  await stack?.stop();
});

/** An alert id only `name` tracks (the demo may give both tenants the same ids). */
function onlyIn(name: 'contoso' | 'fabrikam'): TrackedAlert | undefined {
  const other = new Set(ids[name === 'contoso' ? 'fabrikam' : 'contoso'].map((a) => a.id));
  return ids[name].find((a) => !other.has(a.id));
}

describe('/tenants', () => {
  it('lists every tenant with its id, who polls it and the spread', async () => {
    const { replies, text } = await say(stack, '/tenants');
    expect(replies).toHaveLength(1);
    for (const t of ['Contoso (contoso)', 'Fabrikam (fabrikam)', TENANT_ID, FABRIKAM])
      expect(text).toContain(t);
    expect(text).toContain('(here)');
    expect(text).toMatch(/1 live replica/);
  });
});

describe('/subscribe tenants=', () => {
  it('refuses an unknown tenant, names the known ones and stores nothing', async () => {
    const { text } = await say(stack, '/subscribe tenants=contoso,nope', {
      scope: 'groupChat',
      mention: true,
    });
    expect(text).toContain('Not subscribed');
    expect(text).toContain('Unknown tenant "nope". Known tenants: contoso, fabrikam.');
    const subs = await stack.bot.services.subscriptions.list();
    expect(subs).toEqual([]);
  });

  it('stores the tenants, says them, and /routes shows them; a re-subscribe changes them', async () => {
    const first = await say(stack, '/subscribe tenants=fabrikam', { channelId: 'soc-fab', scope: 'channel' });
    expect(first.text).toContain('Subscribed');
    expect(first.text).toContain('alerts of Fabrikam (fabrikam)');
    const routes = await say(stack, '/routes', { channelId: 'soc-fab', scope: 'channel' });
    expect(routes.text).toContain('Tenants: Fabrikam (fabrikam).');
    const subs = await stack.bot.services.subscriptions.list();
    expect(subs.map((s) => s.tenants)).toEqual([['fabrikam']]);

    const again = await say(stack, '/subscribe tenants=all', { channelId: 'soc-all', scope: 'channel' });
    expect(again.text).toContain('alerts of all tenants');
    const changed = await say(stack, '/subscribe tenants=contoso', {
      channelId: 'soc-all',
      scope: 'channel',
    });
    expect(changed.text).toContain('alerts of Contoso (contoso)');
  });

  it('backfills every tenant the subscription covers and adds the counts up', async () => {
    const { text } = await say(stack, '/subscribe', { channelId: 'soc-both', scope: 'channel' });
    const open = [...ids.contoso, ...ids.fabrikam].filter((a) => a.status !== 'resolved').length;
    const m = /(\d+) open correlated alerts? of the last/.exec(text);
    expect(m).not.toBeNull();
    // Both tenants' open work (an alert may have changed since it was read: at least one per tenant).
    expect(Number(m![1])).toBeGreaterThan(
      Math.max(...[ids.contoso, ids.fabrikam].map((l) => l.filter((a) => a.status !== 'resolved').length)) -
        1,
    );
    expect(Number(m![1])).toBeLessThanOrEqual(open + 10);
  });
});

describe('/alerts across tenants', () => {
  it("lists only the conversation's tenants, each line naming its tenant", async () => {
    const { text } = await say(stack, '/alerts since=30d', { channelId: 'soc-fab', scope: 'channel' });
    expect(text).toContain('Fabrikam · ');
    expect(text).not.toContain('Contoso · ');
  });

  it('takes tenant= and refuses an unknown one', async () => {
    const one = await say(stack, '/alerts since=30d tenant=contoso');
    expect(one.text).toContain('Contoso · ');
    expect(one.text).not.toContain('Fabrikam · ');
    const bad = await say(stack, '/alerts tenant=initech');
    expect(bad.text).toContain('Unknown tenant "initech". Known tenants: contoso, fabrikam.');
  });
});

describe('commands about one alert', () => {
  it('/alert finds the tenant tracking the id, or asks which when both do', async () => {
    const contoso = onlyIn('contoso');
    if (contoso) {
      const { text } = await say(stack, `/alert ${contoso.id}`);
      expect(text).toContain(contoso.title!);
    }
    const shared = ids.contoso.find((a) => ids.fabrikam.some((b) => b.id === a.id));
    if (shared) {
      const { text } = await say(stack, `/alert ${shared.id}`);
      expect(text).toContain(
        `Alert ${shared.id} exists in 2 tenants (contoso, fabrikam): name one with tenant=contoso.`,
      );
      const named = await say(stack, `/alert ${shared.id} tenant=fabrikam`);
      expect(named.text).toContain(ids.fabrikam.find((a) => a.id === shared.id)!.title!);
    }
    expect(contoso ?? shared).toBeDefined();
    const unknown = await say(stack, '/alert da-nope');
    expect(unknown.text).toContain('Alert da-nope is not a correlated alert this bot tracks in any tenant.');
  });

  it('/comment on a tenant the analyst may not act on is refused, audited, and writes nothing', async () => {
    const target = ids.fabrikam[0]!;
    const before = graphWrites(stack).length;
    const { text } = await say(stack, `/comment ${target.id} tenant=fabrikam Looked at it.`);
    expect(text).toContain("You may not act on tenant fabrikam's alerts; you may act on: contoso.");
    expect(graphWrites(stack)).toHaveLength(before);
    const entries = await stack.bot.services.audit.recent(target.id, 5);
    expect(entries[0]).toMatchObject({
      action: '/comment',
      tenant: 'fabrikam',
      result: 'refused',
      actor: { upn: MEGAN.userPrincipalName },
    });
  });

  it("/comment tenant=contoso comments in Contoso's tenant only", async () => {
    const target = ids.contoso[0]!;
    const { text } = await say(stack, `/comment ${target.id} tenant=contoso Checked with Contoso.`);
    expect(text).toContain(`Your comment was added to alert ${target.id} in tenant contoso.`);
    // Audited with its tenant: alert ids are unique within a tenant only (the shift report matches on both).
    const [entry] = await stack.bot.services.audit.recent(target.id, 1);
    expect(entry).toMatchObject({ action: '/comment', alertId: target.id, tenant: 'contoso', result: 'ok' });
    const contoso = stack.sim.tenant('contoso').comments(target.id);
    expect(contoso.some((c) => c.comment.startsWith('Checked with Contoso.'))).toBe(true);
    const fabrikam = ids.fabrikam.some((a) => a.id === target.id)
      ? stack.sim.tenant('fabrikam').comments(target.id)
      : [];
    expect(fabrikam.some((c) => c.comment.startsWith('Checked with Contoso.'))).toBe(false);
  });
});

describe('/audit across tenants', () => {
  it('names the tenant of each action, and lists only the tenants the conversation covers', async () => {
    // The refused comment above was on Fabrikam's alert, the one that went through on Contoso's.
    const both = await say(stack, '/audit', { channelId: 'soc-both', scope: 'channel' });
    expect(both.text).toContain('in tenant contoso');
    expect(both.text).toContain('in tenant fabrikam');
    const fab = await say(stack, '/audit', { channelId: 'soc-fab', scope: 'channel' });
    expect(fab.text).toContain('in tenant fabrikam');
    expect(fab.text).not.toContain('in tenant contoso');
    const named = await say(stack, '/audit tenant=contoso', { channelId: 'soc-both', scope: 'channel' });
    expect(named.text).toContain('in tenant contoso');
    expect(named.text).not.toContain('in tenant fabrikam');
    const unknown = await say(stack, '/audit tenant=nope', { channelId: 'soc-both', scope: 'channel' });
    expect(unknown.text).toContain('Known tenants');
  });
});

describe('/report across tenants', () => {
  it('has a line per tenant the conversation covers', async () => {
    const both = await say(stack, '/report since=30d', { channelId: 'soc-both', scope: 'channel' });
    expect(both.text).toContain('By tenant');
    expect(both.text).toContain('Contoso (contoso)');
    expect(both.text).toContain('Fabrikam (fabrikam)');
    const fab = await say(stack, '/report since=30d', { channelId: 'soc-fab', scope: 'channel' });
    expect(fab.text).toContain('Fabrikam (fabrikam)');
    expect(fab.text).not.toContain('Contoso (contoso)');
  });

  it('/snoozes keeps working', async () => {
    const { text } = await say(stack, '/snoozes', { channelId: 'soc-both', scope: 'channel' });
    expect(text).toContain('Nothing is snoozed here.');
  });
});
