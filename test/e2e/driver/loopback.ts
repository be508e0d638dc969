/**
 * The Playground CLI has no host option and listens on every interface. Tests must stay on loopback, so the
 * CLI runs with this ES module preloaded (`node --import data:…`): it makes every `net.Server#listen` that
 * names no host bind 127.0.0.1. `localhost` resolves to 127.0.0.1 here, so the Playground's own URLs
 * (`http://localhost:<port>/_connector`) still reach it.
 */
const PRELOAD_SOURCE = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first === undefined || typeof first === 'function') args.unshift(0, '127.0.0.1');
  else if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (typeof first === 'object' && first !== null && first.path === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
`;

/** Node arguments that preload the loopback-only `listen` patch. */
export function loopbackPreloadArgs(): string[] {
  return ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD_SOURCE)}`];
}
