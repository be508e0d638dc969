import { tenantsCard } from '../../cards';
import type { Command } from './types';

/**
 * /tenants: every customer tenant (TENANTS_FILE, or the one `default` tenant) with who polls it, its last
 * poll and error, the permissions its consent lacks, and how the polling is spread over the replicas.
 * Read-only, from `/status`'s report; open to everyone, like /status.
 */
export const tenantsCommand: Command = {
  name: 'tenants',
  usage: '/tenants',
  description: 'List the customer tenants and who polls each.',
  async run(ctx) {
    const report = await ctx.services.status();
    await ctx.reply(
      tenantsCard(
        { tenants: report.tenants ?? [], spread: report.spread ?? null, replicaId: report.replicaId },
        ctx.services.clock.now(),
      ),
    );
  },
};
