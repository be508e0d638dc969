import {
  PLAYGROUND_USER_ID,
  SOC_ANALYSTS_GROUP_ID,
  startSimulator,
  type Simulator,
} from '../../../simulator';
import { clientFor, TLS_DIR } from './simulatorClient';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo', throttle: false });
});

afterAll(async () => {
  await sim.close();
});

describe('directory calls against the simulator', () => {
  it('confirms the Agents Playground user is in the SOC analysts group', async () => {
    const { client } = clientFor(sim);
    await expect(client.checkMemberGroups(PLAYGROUND_USER_ID, [SOC_ANALYSTS_GROUP_ID])).resolves.toEqual([
      SOC_ANALYSTS_GROUP_ID.toLowerCase(),
    ]);
  });

  it('finds a user by UPN and answers undefined for an unknown one', async () => {
    const { client } = clientFor(sim);
    const someone = sim.directory.users.find((u) => u.id !== PLAYGROUND_USER_ID)!;
    await expect(client.getUser(someone.userPrincipalName)).resolves.toMatchObject({ id: someone.id });
    await expect(client.getUser('nobody@contoso.com')).resolves.toBeUndefined();
  });

  it('is refused with a clear reason without GroupMember.Read.All', async () => {
    const { client } = clientFor(sim, { roles: ['SecurityAlert.Read.All'] });
    const err = await client
      .checkMemberGroups(PLAYGROUND_USER_ID, [SOC_ANALYSTS_GROUP_ID])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, reason: 'forbidden' });
    expect((err as Error).message).toContain('GroupMember.Read.All');
  });
});
