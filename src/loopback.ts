/**
 * localhost, 127.0.0.0/8 and ::1: the only hosts local mode may use (the development token, an
 * unauthenticated Bot Connector). `URL.hostname` keeps IPv6 brackets; any casing is accepted.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  const octets = h.split('.');
  if (octets.length !== 4 || octets[0] !== '127') return false;
  return octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}
