/**
 * The SSRF guard: receivers are named by customers, so a URL could point at cloud metadata or
 * an internal service. https only, and no private, loopback, link-local, CGNAT, multicast or
 * reserved address (IPv4 and IPv6, IPv4-mapped included) unless the endpoint is explicitly
 * allowed to be insecure. DNS is resolved once per connection by our `lookup`, which checks
 * the answer and hands that same address to the socket: no window for DNS rebinding.
 *
 * @packageDocumentation
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { WebhookDestinationError } from '../errors.js';
import { MAX_URL_LENGTH } from '../limits.js';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

const MAPPED = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const MAPPED_HEX = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/**
 * Whether `address` (an IP literal) must not receive webhooks: private, loopback,
 * link-local, CGNAT, multicast, reserved, documentation, or an IPv4-mapped IPv6 of one.
 *
 * @example
 * ```ts
 * isForbiddenAddress('169.254.169.254'); // true
 * isForbiddenAddress('::ffff:10.0.0.1'); // true
 * isForbiddenAddress('8.8.8.8'); // false
 * ```
 */
export function isForbiddenAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const dotted = MAPPED.exec(ip);
  if (dotted) return isForbiddenAddress(dotted[1]!);
  const hex = MAPPED_HEX.exec(ip);
  if (hex) {
    const hi = Number.parseInt(hex[1]!, 16);
    const lo = Number.parseInt(hex[2]!, 16);
    return isForbiddenAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return blocked.check(ip, 'ipv6');
}

export { MAX_URL_LENGTH };

/**
 * Check a receiver URL before it is stored or called: http(s) only, https unless
 * `allowInsecure`, no credentials, no forbidden IP literal unless `allowInsecure`.
 *
 * @throws {WebhookDestinationError}
 * @example
 * ```ts
 * assertDeliverableUrl('https://hooks.campsoft.com.br/ixc'); // returns the URL
 * ```
 */
export function assertDeliverableUrl(raw: string, options: { allowInsecure?: boolean } = {}): URL {
  if (raw.length > MAX_URL_LENGTH) {
    throw new WebhookDestinationError(`The URL is longer than ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookDestinationError('The URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookDestinationError(`The scheme "${url.protocol.slice(0, -1)}" is not allowed`);
  }
  if (url.protocol === 'http:' && !options.allowInsecure) {
    throw new WebhookDestinationError('Webhook URLs must use https');
  }
  if (url.username || url.password) {
    throw new WebhookDestinationError('Webhook URLs must not carry credentials');
  }
  if (url.hostname === '') throw new WebhookDestinationError('The URL has no host');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowInsecure && isForbiddenAddress(host)) {
    throw new WebhookDestinationError(`The address ${host} is private or reserved`);
  }
  return url;
}

/** A `dns.lookup`-compatible resolver (injectable for tests). */
export type Resolver = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

/** The system resolver, every address. */
export const systemResolver: Resolver = (hostname, callback) =>
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
    callback(error, addresses ?? []),
  );

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for sockets that resolves once and refuses forbidden answers; the socket then
 * connects to exactly the address checked.
 *
 * @example
 * ```ts
 * new Agent({ connect: { lookup: guardedLookup(systemResolver, false) } });
 * ```
 */
export function guardedLookup(resolve: Resolver, allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0) {
        return callback(
          Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
          [],
        );
      }
      if (!allowPrivate) {
        const bad = addresses.find((a) => isForbiddenAddress(a.address));
        if (bad) {
          const refused = new WebhookDestinationError(
            `${hostname} resolves to ${bad.address}, a private or reserved address`,
          );
          return callback(Object.assign(refused, { code: 'ESSRF' }), []);
        }
      }
      if (options?.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
