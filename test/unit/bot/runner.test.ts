import {
  CARD_ACTIONS,
  checkActionRegistry,
  plainWords,
  runCardAction,
  type CardActionHandler,
} from '../../../src/bot/actions';
import { actorFromActivity, type ActorLookup } from '../../../src/bot/actors';
import { VERBS } from '../../../src/cards';
import { CardActionError, GraphError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { cardKey, type CardRecord } from '../../../src/records';
import { DEFAULT_MEMBERS, invokeActivity } from '../../helpers/activities';
import { settle } from '../poller/fakes';
import { createWorld, type World } from '../analyst/world';
import { visibleText } from './cardText';
import { invokeBody, servicesOf, turnFor } from './turn';

const MEGAN = DEFAULT_MEMBERS[0]!;
const SERVICE_URL = 'http://127.0.0.1:9/';

function handlerFor(verb: string): CardActionHandler {
  return CARD_ACTIONS.find((h) => h.verb === verb)!;
}

/** Runs `handler` for an Action.Execute with `data` sent by `from` (default Megan, an analyst). */
async function invoke(
  w: World,
  handler: CardActionHandler,
  data: Record<string, unknown>,
  o: { verb?: string; from?: typeof MEGAN; deadlineMs?: number; actors?: ActorLookup } = {},
) {
  const activity = invokeActivity({
    serviceUrl: SERVICE_URL,
    verb: o.verb ?? handler.verb,
    data,
    from: o.from ?? MEGAN,
  });
  const { turn, adapter } = turnFor(activity);
  const services = servicesOf(w);
  await runCardAction(
    handler,
    turn,
    o.actors ? { ...services, actors: o.actors } : services,
    silentLogger(),
    o.deadlineMs,
  );
  return invokeBody(adapter);
}

/**
 * A user lookup still in flight when the turn's first budget ran out: the first answer lacks the UPN, any
 * later one (the same read, awaited longer) has it. Records the budgets it was given.
 */
function slowLookup(): { lookup: ActorLookup; budgets: number[] } {
  const budgets: number[] = [];
  const lookup: ActorLookup = {
    async resolve(turn, o = {}) {
      budgets.push(o.budgetMs ?? -1);
      const actor = actorFromActivity(turn.activity);
      return budgets.length === 1 ? actor : { ...actor, upn: MEGAN.userPrincipalName };
    },
    async user() {
      return undefined;
    },
  };
  return { lookup, budgets };
}

/** A handler whose run is a jest mock (to prove it never ran). */
function spyHandler(over: Partial<CardActionHandler> = {}) {
  const run = jest.fn(async () => ({ card: { type: 'AdaptiveCard' }, audit: { result: 'ok' as const } }));
  return {
    run,
    handler: {
      verb: VERBS.setStatus,
      analystOnly: true,
      feature: 'actions',
      run,
      ...over,
    } as CardActionHandler,
  };
}

const analystWorld = () => createWorld({ analysts: [MEGAN.aadObjectId] });
const cardText = (body: { value: unknown }) => visibleText(body.value);

describe('runCardAction: forged data is refused before the handler runs', () => {
  const forged: Array<[string, Record<string, unknown>]> = [
    ['an alert id that is not an id', { alertId: '../../etc/passwd', cardVersion: 1, status: 'resolved' }],
    ['no card version', { alertId: 'da1', status: 'resolved' }],
    ['a status that is not an enum value', { alertId: 'da1', cardVersion: 1, status: 'pwned' }],
    ['the unknownFutureValue sentinel', { alertId: 'da1', cardVersion: 1, status: 'unknownFutureValue' }],
  ];
  it.each(forged)('%s gets a 400 with a clear message, and no handler call', async (_what, data) => {
    const w = await analystWorld();
    const { run, handler } = spyHandler();
    const body = await invoke(w, handler, data);
    expect(body).toEqual({
      statusCode: 400,
      type: 'application/vnd.microsoft.error',
      value: { code: 'BadRequest', message: expect.stringMatching(/\w+.*\./) },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a verb that does not match the handler it reached', async () => {
    const w = await analystWorld();
    const { run, handler } = spyHandler();
    const body = await invoke(
      w,
      handler,
      { alertId: 'da1', cardVersion: 1 },
      { verb: 'alert.deleteEverything' },
    );
    expect(body.statusCode).toBe(400);
    expect(body.value).toMatchObject({
      message: expect.stringContaining('unknown action ("alert.deleteEverything")'),
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('refuses a 10 kB comment and a determination of unknownFutureValue without writing to Graph', async () => {
    const w = await analystWorld();
    const long = await invoke(w, handlerFor(VERBS.comment), {
      alertId: w.defender.id,
      cardVersion: 1,
      commentText: 'x'.repeat(10_000),
    });
    const sentinel = await invoke(w, handlerFor(VERBS.classify), {
      alertId: w.defender.id,
      cardVersion: 1,
      classification: 'truePositive',
      determination: 'unknownFutureValue',
    });
    expect(long.value).toMatchObject({ message: expect.stringContaining('the limit is 2000') });
    expect(sentinel.value).toMatchObject({ message: expect.stringContaining('Pick a determination') });
    expect(w.writer.posts).toEqual([]);
    expect(w.writer.patches).toEqual([]);
  });
});

describe('runCardAction: who may act', () => {
  it('refuses a non-analyst with a card saying so, audits the refusal and writes nothing', async () => {
    const w = await createWorld({ analysts: ['0000aaaa-0000-4000-8000-000000000001'] });
    const body = await invoke(w, handlerFor(VERBS.setStatus), {
      alertId: w.defender.id,
      cardVersion: 1,
      status: 'resolved',
    });
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body)).toContain('Not allowed');
    expect(cardText(body)).toContain(`${MEGAN.name} is not a SOC analyst`);
    expect(w.writer.patches).toEqual([]);
    const [entry] = await w.audit.recent();
    expect(entry).toMatchObject({
      action: VERBS.setStatus,
      alertId: w.defender.id,
      result: 'refused',
      actor: { name: MEGAN.name, aadObjectId: MEGAN.aadObjectId },
    });
  });

  it('waits for the UPN a SOC_ANALYSTS entry needs when the lookup outlasted its first budget', async () => {
    const w = await createWorld({ analysts: [MEGAN.userPrincipalName.toUpperCase()] });
    const { lookup, budgets } = slowLookup();
    const body = await invoke(
      w,
      handlerFor(VERBS.setStatus),
      { alertId: w.defender.id, cardVersion: 1, status: 'inProgress' },
      { actors: lookup },
    );
    expect(w.writer.patches).toEqual([{ id: w.defender.id, update: { status: 'inProgress' } }]);
    expect(cardText(body)).toContain('set the status to In progress.');
    // First the turn's share (a quarter of the deadline), then at most the rest of half of it.
    expect(budgets).toHaveLength(2);
    expect(budgets[0]).toBe(500);
    expect(budgets[1]).toBeGreaterThan(0);
    expect(budgets[1]).toBeLessThanOrEqual(1000);
    expect((await w.audit.recent())[0]).toMatchObject({
      result: 'ok',
      actor: { upn: MEGAN.userPrincipalName },
    });
  });

  it('says it could not confirm the analyst, not that they are none, when their UPN cannot be read', async () => {
    const w = await createWorld({ analysts: [MEGAN.userPrincipalName] });
    const body = await invoke(w, handlerFor(VERBS.setStatus), {
      alertId: w.defender.id,
      cardVersion: 1,
      status: 'resolved',
    });
    expect(cardText(body)).toContain(`Could not confirm that ${MEGAN.name} is a SOC analyst`);
    expect(cardText(body)).not.toContain('is not a SOC analyst');
    expect(w.writer.patches).toEqual([]);
    expect((await w.audit.recent())[0]).toMatchObject({ result: 'refused' });
  });

  it('lets anyone view sensitive info types (read-only)', async () => {
    const w = await createWorld({ analysts: ['someone.else@contoso.com'] });
    const body = await invoke(w, handlerFor(VERBS.sit), { alertId: w.defender.id, cardVersion: 1 });
    expect(cardText(body)).toContain('Credit Card Number');
  });

  it('refuses an unavailable feature up front, before any Graph call', async () => {
    const w = await createWorld({
      analysts: [MEGAN.aadObjectId],
      features: { actions: 'the app lacks SecurityAlert.ReadWrite.All' },
    });
    const body = await invoke(w, handlerFor(VERBS.enrich), { alertId: w.defender.id, cardVersion: 1 });
    expect(cardText(body)).toContain(
      'This action is unavailable: the app lacks SecurityAlert.ReadWrite.All.',
    );
    expect(w.writer.posts).toEqual([]);
    expect((await w.audit.recent())[0]).toMatchObject({ result: 'refused' });
  });
});

describe('runCardAction: real handlers', () => {
  it('enriches and answers the alert card with the outcome, audited as ok', async () => {
    const w = await analystWorld();
    const body = await invoke(w, handlerFor(VERBS.enrich), { alertId: w.defender.id, cardVersion: 1 });
    expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(body)).toContain(
      'added the DLP context to the Defender alert as a comment (2 DLP alerts).',
    );
    expect(w.writer.posts).toHaveLength(1);
    expect((await w.audit.recent())[0]).toMatchObject({ action: VERBS.enrich, result: 'ok' });
  });

  it('sets a status through PATCH and shows it', async () => {
    const w = await analystWorld();
    const body = await invoke(w, handlerFor(VERBS.setStatus), {
      alertId: w.defender.id,
      cardVersion: 1,
      status: 'inProgress',
    });
    expect(w.writer.patches).toEqual([{ id: w.defender.id, update: { status: 'inProgress' } }]);
    expect(cardText(body)).toContain('set the status to In progress.');
  });

  it('answers an alert id the bot does not track in plain words, without writing', async () => {
    const w = await analystWorld();
    const body = await invoke(w, handlerFor(VERBS.enrich), {
      alertId: 'da999999999999999999_1',
      cardVersion: 1,
    });
    expect(cardText(body)).toContain('is not a correlated Defender alert this bot tracks');
    expect(w.writer.posts).toEqual([]);
    expect((await w.audit.recent())[0]).toMatchObject({ result: 'failed' });
  });
});

describe('runCardAction: Graph failures in plain words', () => {
  const cases: Array<[number, string, number | undefined]> = [
    [429, 'Microsoft Graph is throttling the bot; try again in 12 s.', 12_000],
    [403, 'Microsoft Graph refused: Missing role', undefined],
    [404, 'Microsoft Graph does not know this alert any more.', undefined],
    [401, 'the operator should check its credentials', undefined],
    [503, 'Microsoft Graph is unavailable right now; try again in a minute.', undefined],
    [400, 'Microsoft Graph rejected the request: Missing role', undefined],
    [409, 'Microsoft Graph answered 409: Missing role', undefined],
  ];
  it.each(cases)(
    'a %i becomes "%s" on the alert card, never "Something went wrong"',
    async (status, words, retryAfterMs) => {
      const w = await analystWorld();
      w.writer.failures.push(
        new GraphError({ status, message: 'Missing role SecurityAlert.ReadWrite.All', retryAfterMs }),
      );
      const body = await invoke(w, handlerFor(VERBS.setStatus), {
        alertId: w.defender.id,
        cardVersion: 1,
        status: 'resolved',
      });
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardText(body)).toContain(words);
      expect(cardText(body)).toContain(w.defender.title!);
      expect(cardText(body)).not.toMatch(/something went wrong/i);
      expect((await w.audit.recent())[0]).toMatchObject({
        result: 'failed',
        detail: expect.stringContaining(words),
      });
    },
  );
});

describe('runCardAction: the deadline', () => {
  it('answers the handler’s "working" card at the deadline, and the work still completes', async () => {
    const w = await analystWorld();
    const release = w.writer.hold();
    const body = await invoke(
      w,
      handlerFor(VERBS.enrich),
      { alertId: w.defender.id, cardVersion: 1 },
      { deadlineMs: 10 },
    );
    expect(cardText(body)).toContain('Enriching: gathering the DLP context…');
    expect(w.refreshed).toEqual([]);
    release();
    await settle(() => w.refreshed.length >= 2, 'the card refresh after the late work');
    expect(w.writer.posts).toHaveLength(1);
    expect((await w.audit.recent())[0]).toMatchObject({ action: VERBS.enrich, result: 'ok' });
  });

  it('keeps the alert card, buttons included, with a "working" banner for a handler without its own', async () => {
    const w = await analystWorld();
    const release = w.writer.hold();
    const body = await invoke(
      w,
      handlerFor(VERBS.setStatus),
      { alertId: w.defender.id, cardVersion: 1, status: 'resolved' },
      { deadlineMs: 10 },
    );
    expect(cardText(body)).toContain('Working on it: Microsoft Graph is slow to answer');
    expect(cardText(body)).toContain(w.defender.title!);
    expect(JSON.stringify(body.value)).toContain('"verb":"alert.setStatus"');
    release();
    await settle(() => w.writer.alerts.get(w.defender.id)!.status === 'resolved', 'the late PATCH');
  });

  it('tells the analyst to press again when the sensitive info types are slow (the card cannot show them later)', async () => {
    const w = await analystWorld();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const services = servicesOf(w);
    const slow = Object.create(w.analyst) as typeof w.analyst;
    slow.sensitiveInfo = async (id) => {
      await gate;
      return w.analyst.sensitiveInfo(id);
    };
    const activity = invokeActivity({
      serviceUrl: SERVICE_URL,
      verb: VERBS.sit,
      data: { alertId: w.defender.id, cardVersion: 1 },
      from: MEGAN,
    });
    const { turn, adapter } = turnFor(activity);
    // The action reads the card's tenant's analyst service (the only tenant here), not services.analyst.
    const only = { ...services.tenants.list()[0]!, analyst: slow };
    const tenants = { ...services.tenants, list: () => [only], get: () => only };
    await runCardAction(handlerFor(VERBS.sit), turn, { ...services, tenants }, silentLogger(), 10);
    release();
    const text = visibleText(invokeBody(adapter).value);
    expect(text).toContain('press Sensitive info types again');
    expect(text).toContain(w.defender.title!);
  });

  it('shows a failure that happened after the deadline on the alert’s cards', async () => {
    const w = await analystWorld();
    const release = w.writer.hold();
    w.writer.failures.push(new GraphError({ status: 503, message: 'Service Unavailable' }));
    await invoke(w, handlerFor(VERBS.enrich), { alertId: w.defender.id, cardVersion: 1 }, { deadlineMs: 10 });
    release();
    await settle(() => w.refreshed.length > 0, 'the card refresh after the late failure');
    const record = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    expect(record.banner).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Microsoft Graph is unavailable'),
    });
    const card = visibleText(await w.alerts.card(w.defender.id, w.clock.now()));
    expect(card).toContain('Microsoft Graph is unavailable right now');
  });

  it('replaces that failure on the cards with who did what once an action on the alert succeeds', async () => {
    const w = await analystWorld();
    await w.analyst.setBanner(w.defender.id, {
      kind: 'error',
      text: 'Microsoft Graph is unavailable',
      at: 'x',
    });
    await invoke(w, handlerFor(VERBS.setStatus), {
      alertId: w.defender.id,
      cardVersion: 1,
      status: 'resolved',
    });
    const record = (await w.store.get<CardRecord>(cardKey(w.defender.id)))!.value;
    // The failure is replaced by who did what.
    expect(record.banner).toMatchObject({
      kind: 'info',
      text: expect.stringContaining('set the status to Resolved'),
    });
  });
});

describe('plainWords', () => {
  it('shows a CardActionError as it is (it was written for the analyst)', () => {
    expect(plainWords(new CardActionError('Alert x is not tracked.'))).toBe('Alert x is not tracked.');
  });

  it('throttling without Retry-After suggests 30 s', () => {
    expect(plainWords(new GraphError({ status: 429, message: 'slow down' }))).toBe(
      'Microsoft Graph is throttling the bot; try again in 30 s.',
    );
  });

  it('names any other failure instead of hiding it', () => {
    expect(plainWords(new Error('socket hang up'))).toBe('The action failed: socket hang up');
    expect(plainWords('boom')).toBe('The action failed: boom');
  });
});

describe('the action registry', () => {
  it('has exactly one handler per verb', () => {
    expect(() => checkActionRegistry(CARD_ACTIONS)).not.toThrow();
  });

  it('fails boot on a verb without a handler or with two', () => {
    expect(() => checkActionRegistry(CARD_ACTIONS.slice(1))).toThrow(/without a handler: alert.enrich/);
    expect(() => checkActionRegistry([...CARD_ACTIONS, CARD_ACTIONS[0]!])).toThrow(/two handlers/);
  });
});
