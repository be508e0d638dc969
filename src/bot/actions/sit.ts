import { VERBS } from '../../cards';
import { sitCardFor } from '../sitView';
import type { CardActionHandler } from './types';

/** Sensitive info types: per correlated DLP alert, types with counts and confidence; never the values. */
export const sitAction: CardActionHandler<typeof VERBS.sit> = {
  verb: VERBS.sit,
  analystOnly: false,
  feature: 'sit',
  async run(ctx, data) {
    const result = await ctx.services.analyst.sensitiveInfo(data.alertId);
    const types = result.results.reduce((n, r) => n + r.info.types.length, 0);
    return { card: sitCardFor(result), audit: { result: 'ok', detail: `${types} type(s)` } };
  },
};
