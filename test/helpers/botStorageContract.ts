/** The botbuilder `Storage` contract, run against every turn-state storage (memory, SQLite, BlobsStorage). */
import type { Storage } from 'botbuilder';
import { StoreConflictError } from '../../src/errors';

/**
 * botbuilder `Storage` semantics as teams-ai uses them for turn state: items carry an `eTag`; a missing or
 * `'*'` eTag writes unconditionally, any other eTag only over that exact version.
 */
export function describeBotStorageContract(name: string, factory: () => Promise<Storage>): void {
  const conversation = 'msteams/28:bot-id/conversations/19:abc@thread.tacv2;messageid=1712345678901';
  const user = 'msteams/28:bot-id/users/29:1aBc-Ünïcode';

  describe(`${name} (botbuilder Storage contract)`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await factory();
    });

    it('reads nothing for unknown keys', async () => {
      expect(await storage.read([conversation, user])).toEqual({});
    });

    it('reads back what was written, with an eTag and without storing the eTag inside', async () => {
      await storage.write({ [conversation]: { count: 1, text: 'héllo 😀' }, [user]: { name: 'Ana' } });
      const items = await storage.read([conversation, user, 'msteams/other']);
      expect(Object.keys(items).sort()).toEqual([conversation, user].sort());
      expect(items[conversation]).toEqual({ count: 1, text: 'héllo 😀', eTag: expect.any(String) });
      await storage.write({ [conversation]: { ...items[conversation], count: 2 } });
      const again = (await storage.read([conversation]))[conversation];
      expect(again).toEqual({ count: 2, text: 'héllo 😀', eTag: expect.any(String) });
      expect(again.eTag).not.toBe(items[conversation].eTag);
    });

    it('refuses a write carrying a stale eTag and keeps the newer state', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      const read = (await storage.read([conversation]))[conversation];
      await storage.write({ [conversation]: { ...read, turn: 2 } });
      await expect(storage.write({ [conversation]: { ...read, turn: 3 } })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
      expect((await storage.read([conversation]))[conversation].turn).toBe(2);
    });

    it("treats a missing or '*' eTag as last write wins", async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      await storage.write({ [conversation]: { turn: 2 } });
      await storage.write({ [conversation]: { turn: 3, eTag: '*' } });
      expect((await storage.read([conversation]))[conversation].turn).toBe(3);
    });

    it('refuses a specific eTag for an item that no longer exists', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      const read = (await storage.read([conversation]))[conversation];
      await storage.delete([conversation]);
      await expect(storage.write({ [conversation]: { ...read, turn: 2 } })).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    });

    it('deletes items, and deleting a missing one is not an error', async () => {
      await storage.write({ [conversation]: { turn: 1 } });
      await storage.delete([conversation, user]);
      expect(await storage.read([conversation])).toEqual({});
    });
  });
}
