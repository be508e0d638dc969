import type { AuditEntry } from '../../analyst';
import { errorMessage } from '../../errors';
import type { CommandContext } from './types';

/**
 * Records what a command changed in the audit log, attributed like card actions (the identity Teams sent).
 * A failing audit write is logged, not thrown: the change already happened, and a "failed" answer would
 * make the analyst repeat it.
 */
export async function recordCommand(
  ctx: Pick<CommandContext, 'services' | 'actor' | 'logger'>,
  entry: Pick<AuditEntry, 'action' | 'alertId' | 'tenant' | 'result' | 'detail'>,
): Promise<void> {
  const { name, upn, aadObjectId } = ctx.actor;
  await ctx.services.audit
    .record({ actor: { name, upn, aadObjectId }, ...entry })
    .catch((err: unknown) => ctx.logger.warn({ err: errorMessage(err) }, 'could not write the audit entry'));
}
