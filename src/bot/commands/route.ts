import { noticeCard } from '../../cards';
import { parseWorkload, WORKLOADS, type Workload } from '../../model';
import { describeFilter, parseAlertFilter, type AlertFilter, type Subscription } from '../../subscriptions';
import { recordCommand } from './record';
import type { Command } from './types';

const USAGE =
  '/route add <severity>=…|sources=…|detectors=…|workloads=…|sensitive> or /route remove <severity|sources|detectors|workloads|sensitive>';
const RULES = ['severity', 'sources', 'detectors', 'workloads'];
const DETECTOR = /^[A-Za-z0-9_\-.:]{1,128}$/;

type Change = (sub: Subscription) => Pick<Subscription, 'filter' | 'sensitive'>;
type Parsed = { ok: true; change: Change } | { ok: false; error: string };

/** /route add|remove …: changes this conversation's stored routing rules (analysts only, audited). */
export const routeCommand: Command = {
  name: 'route',
  usage: USAGE,
  description: "Change this conversation's routing rules.",
  analystOnly: true,
  async run(ctx, args) {
    const parsed = parseRoute(args);
    if (!parsed.ok) {
      await ctx.reply(
        noticeCard({ kind: 'warning', title: 'Rules unchanged', text: `${parsed.error}\nUsage: ${USAGE}` }),
      );
      return;
    }
    const sub = await ctx.services.subscriptions.setRules(ctx.turn.activity.conversation.id, parsed.change);
    if (!sub) {
      await ctx.reply(
        noticeCard({
          kind: 'warning',
          title: 'Rules unchanged',
          text: 'This conversation is not subscribed: /subscribe first.',
        }),
      );
      return;
    }
    const detail = `${describeFilter(sub.filter)}${sub.sensitive ? '; sensitive route' : ''}`;
    await recordCommand(ctx, { action: `/route ${args.trim().slice(0, 100)}`, result: 'ok', detail });
    await ctx.reply(noticeCard({ kind: 'success', title: 'Routing rules changed', text: `Now: ${detail}.` }));
  },
};

/** `add severity>=high detectors=a,b sensitive` / `remove sources sensitive`. */
export function parseRoute(args: string): Parsed {
  const [verb, ...rest] = args.trim().split(/\s+/).filter(Boolean);
  if ((verb !== 'add' && verb !== 'remove') || rest.length === 0)
    return { ok: false, error: 'Say add or remove, then what.' };
  const sensitive = rest.some((w) => w.toLowerCase() === 'sensitive');
  const others = rest.filter((w) => w.toLowerCase() !== 'sensitive');
  if (verb === 'remove') {
    const keys = others.map((w) => w.toLowerCase());
    const bad = keys.find((k) => !RULES.includes(k));
    if (bad)
      return {
        ok: false,
        error: `"${bad.slice(0, 40)}" is not a rule: remove severity, sources, detectors, workloads or sensitive.`,
      };
    return {
      ok: true,
      change: (sub) => {
        const filter: AlertFilter = { ...sub.filter };
        if (keys.includes('severity')) delete filter.minSeverity;
        if (keys.includes('sources')) delete filter.sources;
        if (keys.includes('detectors')) delete filter.detectors;
        if (keys.includes('workloads')) delete filter.workloads;
        return { filter, sensitive: sensitive ? false : sub.sensitive };
      },
    };
  }
  const detectorTokens = others.filter((w) => /^detectors=/i.test(w));
  const detectors: string[] = [];
  for (const t of detectorTokens) {
    for (const d of t.slice('detectors='.length).split(',').filter(Boolean)) {
      if (!DETECTOR.test(d)) return { ok: false, error: `"${d.slice(0, 40)}" is not a detector id.` };
      detectors.push(d);
    }
  }
  if (detectorTokens.length && detectors.length === 0)
    return { ok: false, error: 'detectors= needs at least one id.' };
  const workloads = parseWorkloadTokens(others.filter((w) => /^workloads=/i.test(w)));
  if (!workloads.ok) return workloads;
  const filterText = others.filter((w) => !/^(detectors|workloads)=/i.test(w)).join(' ');
  const parsed = parseAlertFilter(filterText, ['severity', 'sources']);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    change: (sub) => ({
      filter: {
        ...sub.filter,
        ...parsed.filter,
        ...(detectors.length
          ? { detectors: [...new Set([...(sub.filter.detectors ?? []), ...detectors])] }
          : {}),
        ...(workloads.list.length
          ? {
              workloads: WORKLOADS.filter((w) =>
                [...(sub.filter.workloads ?? []), ...workloads.list].includes(w),
              ),
            }
          : {}),
      },
      sensitive: sensitive || sub.sensitive,
    }),
  };
}

/**
 * `workloads=Exchange,SharePoint`: any of Microsoft's spellings, case-insensitive ("exchange",
 * "MicrosoftExchangeOnline", "MicrosoftTeams", "Devices" for Endpoint); an unknown one refuses the whole
 * change, so nothing is half-applied.
 */
function parseWorkloadTokens(
  tokens: string[],
): { ok: true; list: Workload[] } | { ok: false; error: string } {
  const list: Workload[] = [];
  for (const t of tokens) {
    for (const name of t.slice('workloads='.length).split(',').filter(Boolean)) {
      const w = parseWorkload(name);
      if (!w)
        return { ok: false, error: `Unknown workload "${name.slice(0, 40)}": use ${WORKLOADS.join(', ')}.` };
      if (!list.includes(w)) list.push(w);
    }
  }
  if (tokens.length && list.length === 0)
    return { ok: false, error: `workloads= needs at least one of ${WORKLOADS.join(', ')}.` };
  return { ok: true, list };
}
