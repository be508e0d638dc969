import { VERBS } from '../../cards';
import { sitCardFor } from '../sitView';
import { alertCardWith } from './shared';
import type { CardActionHandler } from './types';

/** Sensitive info types: per correlated DLP alert, types with counts and confidence; never the values. */
export const sitAction: CardActionHandler<typeof VERBS.sit> = {
  verb: VERBS.sit,
  analystOnly: false,
  feature: 'sit',
  // The types are shown only to the analyst who asked: a later card update cannot bring them, so say so.
  working: (ctx, data) =>
    alertCardWith(ctx, data.alertId, {
      kind: 'info',
      text: 'Advanced hunting is slow to answer right now: press Sensitive info types again in a minute.',
    }),
  async run(ctx, data) {
    const result = await ctx.scope.analyst.sensitiveInfo(data.alertId);
    const types = result.results.reduce((n, r) => n + r.info.types.length, 0);
    const { name, displayName } = ctx.scope;
    const tenant = { name, displayName, shown: ctx.services.tenants.multiTenant };
    return { card: sitCardFor(result, tenant), audit: { result: 'ok', detail: `${types} type(s)` } };
  },
};
