/**
 * Card actions on a bot serving two customer tenants whose stores are views of one MemoryStore and whose
 * alerts share ids (the same builder counter): the card's `tenant` picks the store and the Graph client,
 * an unknown one changes nothing, and an analyst limited to one tenant is refused on the other.
 */
import { CARD_ACTIONS, runCardAction, type CardActionHandler } from '../../../src/bot/actions';
import type { BotServices } from '../../../src/bot/services';
import { VERBS } from '../../../src/cards';
import type { ConversationRef } from '../../../src/subscriptions';
import { silentLogger } from '../../../src/log';
import { alertKey, cardKey } from '../../../src/records';
import { MemoryStore } from '../../../src/store/memory';
import { tenantStore } from '../../../src/store/tenantStore';
import { resetBuilderIds } from '../../helpers/builders';
import { DEFAULT_MEMBERS, invokeActivity } from '../../helpers/activities';
import { createWorld, type World } from '../analyst/world';
import { visibleText } from './cardText';
import { invokeBody, servicesOf, servicesOfTenants, turnFor, type TenantWorld } from './turn';

const MEGAN = DEFAULT_MEMBERS[0]!;
const SERVICE_URL = 'http://127.0.0.1:9/';
const CONTOSO_ID = '11111111-1111-4111-8111-111111111111';
const FABRIKAM_ID = '22222222-2222-4222-8222-222222222222';

const handlerFor = (verb: string): CardActionHandler => CARD_ACTIONS.find((h) => h.verb === verb)!;

interface Fleet {
  shared: MemoryStore;
  contoso: World;
  fabrikam: World;
  services: BotServices;
}

/** Two tenants over one store; `fabrikamAnalysts` limits who may act on Fabrikam. */
async function twoTenants(o: { fabrikamAnalysts?: string[]; contosoFeatures?: { actions?: string } } = {}) {
  const shared = new MemoryStore();
  const world = async (
    name: string,
    displayName: string,
    tenantId: string,
    features?: { actions?: string },
  ) => {
    resetBuilderIds(); // both tenants get the same alert ids
    return createWorld({
      analysts: [MEGAN.aadObjectId],
      store: tenantStore(shared, name),
      tenant: { name, displayName, tenantId, shown: true },
      ...(features ? { features } : {}),
    });
  };
  const contoso = await world('contoso', 'Contoso', CONTOSO_ID, o.contosoFeatures);
  const fabrikam = await world('fabrikam', 'Fabrikam', FABRIKAM_ID);
  const tenants: TenantWorld[] = [
    { name: 'contoso', displayName: 'Contoso', tenantId: CONTOSO_ID, world: contoso },
    {
      name: 'fabrikam',
      displayName: 'Fabrikam',
      tenantId: FABRIKAM_ID,
      world: fabrikam,
      ...(o.fabrikamAnalysts ? { analysts: o.fabrikamAnalysts } : {}),
    },
  ];
  return { shared, contoso, fabrikam, services: servicesOfTenants(tenants) } satisfies Fleet;
}

async function invoke(
  services: BotServices,
  verb: string,
  data: Record<string, unknown>,
  o: { trigger?: 'automatic' | 'manual' } = {},
) {
  const activity = invokeActivity({
    serviceUrl: SERVICE_URL,
    verb,
    data,
    from: MEGAN,
    ...(o.trigger ? { trigger: o.trigger } : {}),
  });
  const { turn, adapter } = turnFor(activity);
  await runCardAction(handlerFor(verb), turn, services, silentLogger());
  return { body: invokeBody(adapter), activity };
}

/** Every Action.Execute `data` of a card, the refresh block's included. */
function actionData(card: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute') out.push(n.data as Record<string, unknown>);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

describe('card actions with two tenants', () => {
  it('changes the alert of the tenant the card names, never the other tenant’s alert with the same id', async () => {
    const f = await twoTenants();
    expect(f.fabrikam.defender.id).toBe(f.contoso.defender.id);
    const id = f.fabrikam.defender.id;
    const { body } = await invoke(f.services, VERBS.setStatus, {
      alertId: id,
      cardVersion: 1,
      tenant: 'fabrikam',
      status: 'inProgress',
    });
    expect(f.fabrikam.writer.patches).toEqual([{ id, update: { status: 'inProgress' } }]);
    expect(f.contoso.writer.patches).toEqual([]);
    // The outcome banner went on Fabrikam's card record only.
    expect((await f.shared.get(`card/fabrikam/${id}`))?.value).toMatchObject({ banner: { kind: 'info' } });
    expect(await f.shared.get(`card/contoso/${id}`)).toBeUndefined();
    expect(f.fabrikam.refreshed).toContain(id);
    expect(f.contoso.refreshed).toEqual([]);
    // The answer is Fabrikam's card: it names the tenant, its actions carry it, its link opens there.
    const text = visibleText(body.value);
    expect(text).toContain('Tenant');
    expect(text).toContain('Fabrikam');
    expect(text).not.toContain('Contoso');
    expect(actionData(body.value).length).toBeGreaterThan(5);
    expect(actionData(body.value).every((d) => d.tenant === 'fabrikam')).toBe(true);
    expect(JSON.stringify(body.value)).toContain(`tid=${FABRIKAM_ID}`);
    expect((await f.contoso.audit.recent())[0]).toMatchObject({ tenant: 'fabrikam', result: 'ok' });
  });

  it('answers an unknown (forged) tenant with a card naming the known ones, and changes nothing', async () => {
    const f = await twoTenants();
    const { body } = await invoke(f.services, VERBS.setStatus, {
      alertId: f.contoso.defender.id,
      cardVersion: 1,
      tenant: 'initech',
      status: 'resolved',
    });
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = visibleText(body.value);
    expect(text).toContain('Unknown tenant "initech". Known tenants: contoso, fabrikam.');
    expect(f.contoso.writer.patches).toEqual([]);
    expect(f.fabrikam.writer.patches).toEqual([]);
    expect(await f.shared.list('card/')).toEqual([]);
  });

  it('refuses a tenant that is not text before any handler runs', async () => {
    const f = await twoTenants();
    const { body } = await invoke(f.services, VERBS.setStatus, {
      alertId: f.contoso.defender.id,
      cardVersion: 1,
      tenant: 42,
      status: 'resolved',
    });
    expect(body).toMatchObject({ statusCode: 400, value: { message: expect.stringContaining('tenant') } });
    expect(f.contoso.writer.patches).toEqual([]);
  });

  it('asks which tenant when a card from before tenants (no tenant) reaches a bot serving two', async () => {
    const f = await twoTenants();
    const { body } = await invoke(f.services, VERBS.enrich, {
      alertId: f.contoso.defender.id,
      cardVersion: 1,
    });
    expect(visibleText(body.value)).toContain('this bot serves 2 tenants');
    expect(f.contoso.writer.posts).toEqual([]);
    expect(f.fabrikam.writer.posts).toEqual([]);
  });

  it('refuses an analyst limited to Contoso on a Fabrikam card, audited, and lets them act on Contoso', async () => {
    const f = await twoTenants({ fabrikamAnalysts: ['someone.else@contoso.com'] });
    const id = f.contoso.defender.id;
    const data = { alertId: id, cardVersion: 1, status: 'inProgress' };
    const refused = await invoke(f.services, VERBS.setStatus, { ...data, tenant: 'fabrikam' });
    const text = visibleText(refused.body.value);
    expect(text).toContain('Not allowed');
    expect(text).toContain("may not act on Fabrikam's alerts: you may act on tenants contoso");
    expect(f.fabrikam.writer.patches).toEqual([]);
    expect((await f.contoso.audit.recent())[0]).toMatchObject({
      action: VERBS.setStatus,
      tenant: 'fabrikam',
      result: 'refused',
      actor: { aadObjectId: MEGAN.aadObjectId },
    });
    await invoke(f.services, VERBS.setStatus, { ...data, tenant: 'contoso' });
    expect(f.contoso.writer.patches).toEqual([{ id, update: { status: 'inProgress' } }]);
  });

  it('lets a limited analyst read the other tenant (sensitive info types are open to everyone)', async () => {
    const f = await twoTenants({ fabrikamAnalysts: ['someone.else@contoso.com'] });
    const { body } = await invoke(f.services, VERBS.sit, {
      alertId: f.fabrikam.defender.id,
      cardVersion: 1,
      tenant: 'fabrikam',
    });
    expect(visibleText(body.value)).toContain('Credit Card Number');
    expect(visibleText(body.value)).toContain('Fabrikam');
    expect(f.fabrikam.sitCalls).toHaveLength(2);
    expect(f.contoso.sitCalls).toEqual([]);
    expect(actionData(body.value)).toEqual([
      { alertId: f.fabrikam.defender.id, cardVersion: expect.any(Number), tenant: 'fabrikam' },
    ]);
  });

  it('checks the feature in the card’s tenant: Contoso’s missing permission does not stop Fabrikam', async () => {
    const f = await twoTenants({ contosoFeatures: { actions: 'the app lacks SecurityAlert.ReadWrite.All' } });
    const id = f.contoso.defender.id;
    const data = { alertId: id, cardVersion: 1, status: 'inProgress' };
    const onContoso = await invoke(f.services, VERBS.setStatus, { ...data, tenant: 'contoso' });
    expect(visibleText(onContoso.body.value)).toContain('This action is unavailable');
    await invoke(f.services, VERBS.setStatus, { ...data, tenant: 'fabrikam' });
    expect(f.fabrikam.writer.patches).toHaveLength(1);
    expect(f.contoso.writer.patches).toEqual([]);
  });

  it('answers an automatic refresh from the named tenant’s store', async () => {
    const f = await twoTenants();
    const id = f.contoso.defender.id;
    await f.fabrikam.store.delete(alertKey(id)); // Fabrikam no longer tracks it; Contoso does
    const fromFabrikam = await invoke(
      f.services,
      VERBS.refresh,
      { alertId: id, cardVersion: 1, tenant: 'fabrikam' },
      { trigger: 'automatic' },
    );
    expect(visibleText(fromFabrikam.body.value)).toContain('is not tracked by this bot any more');
    const fromContoso = await invoke(
      f.services,
      VERBS.refresh,
      { alertId: id, cardVersion: 1, tenant: 'contoso' },
      { trigger: 'automatic' },
    );
    expect(visibleText(fromContoso.body.value)).toContain(f.contoso.defender.title!);
    expect(visibleText(fromContoso.body.value)).toContain('Contoso');
    expect(f.contoso.writer.patches).toEqual([]);
  });

  it('snoozes the user of the named tenant’s alert (the snooze itself is the conversation’s)', async () => {
    const f = await twoTenants();
    const id = f.contoso.defender.id;
    await f.contoso.store.delete(alertKey(id)); // only Fabrikam tracks it now
    const activity = invokeActivity({ serviceUrl: SERVICE_URL, verb: VERBS.snooze, data: {}, from: MEGAN });
    const ref = {
      serviceUrl: SERVICE_URL,
      channelId: 'msteams',
      conversation: activity.conversation,
    } as unknown as ConversationRef;
    await f.services.subscriptions.subscribe(ref, {}, { name: 'Megan' });
    const data = { alertId: id, cardVersion: 1, snoozeTarget: 'user', snoozeFor: '1h' };
    const snoozed = await invoke(f.services, VERBS.snooze, { ...data, tenant: 'fabrikam' });
    expect(visibleText(snoozed.body.value)).toContain('Snoozed user Megan.Bowen@contoso.com');
    const sub = (await f.services.subscriptions.get(activity.conversation.id))!;
    const [stored] = await f.services.snoozes.active(activity.conversation.id);
    expect(stored).toMatchObject({ subscriptionId: sub.id, target: { kind: 'user', tenant: 'fabrikam' } });
    const missing = await invoke(f.services, VERBS.snooze, { ...data, tenant: 'contoso' });
    expect(visibleText(missing.body.value)).toContain('is not tracked by this bot any more');
  });
});

describe('card actions with one tenant', () => {
  it('still accepts a card posted before tenants (no tenant in its data)', async () => {
    const w = await createWorld({ analysts: [MEGAN.aadObjectId] });
    const { body } = await invoke(servicesOf(w), VERBS.setStatus, {
      alertId: w.defender.id,
      cardVersion: 1,
      status: 'inProgress',
    });
    expect(w.writer.patches).toEqual([{ id: w.defender.id, update: { status: 'inProgress' } }]);
    // The answer is a current card: every action names the single tenant, and the card does not show it.
    expect(actionData(body.value).length).toBeGreaterThan(5);
    expect(actionData(body.value).every((d) => d.tenant === 'default')).toBe(true);
    expect(visibleText(body.value)).not.toContain('Tenant');
    expect((await w.store.get(cardKey(w.defender.id)))?.value).toBeDefined();
  });
});
