import { noticeCard } from '../../cards';
import { describeFilter } from '../../subscriptions';
import { describeTenants } from './tenantArgs';
import type { Command } from './types';

/** /routes: this conversation's routing rules, and how to change them with /route. */
export const routesCommand: Command = {
  name: 'routes',
  usage: '/routes',
  description: "Show this conversation's routing rules.",
  async run(ctx) {
    const sub = await ctx.services.subscriptions.get(ctx.turn.activity.conversation.id);
    const { tenants } = ctx.services;
    const text = sub
      ? [
          `Alerts posted here: ${describeFilter(sub.filter)}.`,
          ...(tenants.multiTenant
            ? [
                `Tenants: ${describeTenants(sub.tenants, tenants)}. Change with /subscribe tenants=<name>,… (analysts only).`,
              ]
            : []),
          sub.sensitive
            ? 'Sensitive route: yes. Only sensitive correlations come here (Insider Risk, DLP policies marked sensitive, or whose policy could not be determined yet).'
            : 'Sensitive route: no. Sensitive correlations never come here.',
          ...(sub.filter.workloads?.length
            ? [
                `Workloads: ${sub.filter.workloads.join(', ')}. A correlation whose DLP workload is not known yet still comes here, marked unknown on its card.`,
              ]
            : []),
          'Change with /route add severity>=high | sources=endpoint | detectors=<id>,… | workloads=Exchange,SharePoint,OneDrive,Teams,Endpoint | sensitive, or /route remove severity | sources | detectors | workloads | sensitive (analysts only).',
        ].join('\n')
      : 'This conversation is not subscribed: /subscribe first, then /route add … to refine it.';
    await ctx.reply(noticeCard({ kind: 'info', title: 'Routing rules here', text }));
  },
};
