/**
 * ActorDirectory without a Bot Connector: the in-memory turn has no roster (getMember fails), so these
 * cover the Graph fallback, the cache in front of it, the budget and the identities never looked up.
 * Roster reads through a real connector are covered by test/integration/bot/refresh.test.ts.
 */
import { ActorDirectory, actorFromActivity } from '../../../src/bot/actors';
import { RosterCache } from '../../../src/bot/rosterCache';
import { FakeClock } from '../../helpers/clocks';
import type { GraphUser } from '../../../src/graph';
import { silentLogger } from '../../../src/log';
import { DEFAULT_MEMBERS, invokeActivity, type TeamsAccount } from '../../helpers/activities';
import { turnFor } from './turn';

const MEGAN = DEFAULT_MEMBERS[0]!;

function directory(graphUser?: (id: string) => Promise<GraphUser | undefined>) {
  const clock = new FakeClock(Date.parse('2026-12-07T01:00:00Z'));
  const cache = new RosterCache({ now: () => clock.now() });
  return { cache, actors: new ActorDirectory({ cache, graphUser, logger: silentLogger() }) };
}

function turnFrom(from: TeamsAccount) {
  return turnFor(
    invokeActivity({
      serviceUrl: 'http://127.0.0.1:9/',
      verb: 'alert.refresh',
      data: { alertId: 'a1', cardVersion: 1 },
      from,
    }),
  ).turn;
}

const graphMegan = async (id: string): Promise<GraphUser> => ({
  id,
  displayName: 'Megan Bowen (Graph)',
  userPrincipalName: MEGAN.userPrincipalName,
});

describe('ActorDirectory', () => {
  it('completes the actor from Graph when the roster cannot answer, once per user', async () => {
    const graphUser = jest.fn(graphMegan);
    const { actors } = directory(graphUser);
    for (let i = 0; i < 3; i += 1) {
      const actor = await actors.resolve(turnFrom(MEGAN));
      expect(actor).toEqual({
        id: MEGAN.id,
        aadObjectId: MEGAN.aadObjectId,
        name: 'Megan Bowen (Graph)',
        upn: MEGAN.userPrincipalName,
      });
    }
    expect(graphUser).toHaveBeenCalledTimes(1);
  });

  it('goes on with the name Teams sent when the lookup outlasts the budget, and keeps the late answer', async () => {
    let answer!: (u: GraphUser) => void;
    const graphUser = jest.fn(() => new Promise<GraphUser | undefined>((r) => (answer = r)));
    const { actors } = directory(graphUser);
    const actor = await actors.resolve(turnFrom(MEGAN), { budgetMs: 5 });
    expect(actor).toEqual({ id: MEGAN.id, aadObjectId: MEGAN.aadObjectId, name: MEGAN.name });
    answer(await graphMegan(MEGAN.aadObjectId));
    await new Promise((r) => setImmediate(r));
    expect((await actors.resolve(turnFrom(MEGAN), { budgetMs: 5 })).upn).toBe(MEGAN.userPrincipalName);
    expect(graphUser).toHaveBeenCalledTimes(1);
  });

  it('looks nobody up for an activity without a usable Entra object id', async () => {
    const graphUser = jest.fn(graphMegan);
    const { actors, cache } = directory(graphUser);
    for (const aadObjectId of [undefined, '', 'not/an id', 'x'.repeat(100)]) {
      const actor = await actors.resolve(turnFrom({ id: '29:1-odd', name: 'Odd', aadObjectId }));
      expect(actor.name).toBe('Odd');
      expect(actor.upn).toBeUndefined();
    }
    expect(graphUser).not.toHaveBeenCalled();
    expect(cache.size).toBe(0);
  });

  it('accepts the Agents Playground object id (hex and dashes, not a GUID) and keys it case-insensitively', async () => {
    const graphUser = jest.fn(graphMegan);
    const { actors } = directory(graphUser);
    await actors.resolve(
      turnFrom({ id: '29:1-pg', name: 'PG', aadObjectId: '00000000-0000-0000-0000-0000000000020' }),
    );
    expect(graphUser).toHaveBeenCalledWith('00000000-0000-0000-0000-0000000000020');
    expect((await actors.user('00000000-0000-0000-0000-0000000000020'.toUpperCase()))?.upn).toBe(
      MEGAN.userPrincipalName,
    );
    expect(graphUser).toHaveBeenCalledTimes(1);
  });

  it('finds any user by object id through the same cache (for a people picker), or nothing', async () => {
    const graphUser = jest.fn(async (id: string) => (id.endsWith('1') ? graphMegan(id) : undefined));
    const { actors } = directory(graphUser);
    const id = '3f1c2a9e-5b7d-4e1f-9a0b-1c2d3e4f5a61';
    expect((await actors.user(id))?.name).toBe('Megan Bowen (Graph)');
    expect(await actors.user(id.replace(/1$/, '2'))).toBeUndefined();
    expect(await actors.user('../users')).toBeUndefined();
    await actors.user(id);
    expect(graphUser).toHaveBeenCalledTimes(2);
  });

  it('attributes by the Teams name when Graph fails, and does not ask again at once', async () => {
    const graphUser = jest.fn(async (): Promise<GraphUser | undefined> => {
      throw new Error('Graph 503');
    });
    const { actors } = directory(graphUser);
    expect((await actors.resolve(turnFrom(MEGAN))).name).toBe(MEGAN.name);
    expect((await actors.resolve(turnFrom(MEGAN))).name).toBe(MEGAN.name);
    expect(graphUser).toHaveBeenCalledTimes(1);
  });
});

describe('actorFromActivity', () => {
  it('names an activity without a sender name "Unknown user"', () => {
    expect(actorFromActivity({ from: { id: '29:1-x', name: '  ' } })).toEqual({
      id: '29:1-x',
      aadObjectId: undefined,
      name: 'Unknown user',
    });
  });
});
