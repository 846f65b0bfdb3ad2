// Where webhooks may go (spec §8; no SSRF). A target URL is https, or http only to a loopback
// address when WEBHOOK_ALLOW_INSECURE_LOOPBACK=1; its host must resolve only to public addresses:
// private, loopback (unless allowed), link-local, unique-local, CGNAT, multicast, reserved and
// cloud-metadata addresses are refused, whether written literally, in an IPv4-mapped or NAT64
// IPv6 form, or behind a host name. Checked when a subscription is created or changed and again
// before every delivery, and the delivery connects to the address that was vetted (see
// `pinnedLookup`), so a name that re-resolves elsewhere (DNS rebinding) changes nothing.
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution as a port: node:dns in production, a table in tests. */
export interface Resolver {
  /** Every address of `hostname`; rejects when it has none. */
  resolve(hostname: string): Promise<ResolvedAddress[]>;
}

export const systemResolver: Resolver = {
  resolve: async (hostname) =>
    (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })),
};

/** A target we will not send to; the message is meant for the API client. */
export class TargetRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

export interface VettedTarget {
  url: URL;
  /** The host without IPv6 brackets, lower case, no trailing dot. */
  hostname: string;
  /** Every address the host resolved to, all of them allowed; the delivery connects to these only. */
  addresses: ResolvedAddress[];
}

// ── addresses ────────────────────────────────────────────────────────────────────────────────────

/** What an address is, for the refusal message; `public` is the only kind a webhook may reach (and `loopback` when allowed). */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'unspecified'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'reserved';

/** Host names of cloud metadata services, refused by name whatever they resolve to. */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);

type V4Range = [base: string, bits: number, kind: AddressKind];

// First match wins: the specific metadata addresses come before the blocks that contain them.
const V4_RANGES: V4Range[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack, Oracle
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation
  ['203.0.113.0', 24, 'reserved'], // documentation
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // future use, and 255.255.255.255 broadcast
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function classifyV4(value: number): AddressKind {
  for (const [base, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = v4ToInt(base);
    if (value >= start && value < start + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, dotted IPv4 tail allowed). */
function v6Groups(ip: string): number[] {
  const bare = ip.split('%')[0]!.toLowerCase();
  let text = bare;
  const tail: number[] = [];
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v = v4ToInt(dotted[1]!);
    tail.push(Math.floor(v / 65536), v % 65536);
    text = text.slice(0, -dotted[1]!.length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  let groups: number[];
  if (text.includes('::')) {
    const [head, rest] = text.split('::') as [string, string];
    const h = parse(head);
    const r = parse(rest);
    groups = [...h, ...new Array(8 - h.length - r.length - tail.length).fill(0), ...r];
  } else {
    groups = parse(text);
  }
  return [...groups, ...tail];
}

const embeddedV4 = (hi: number, lo: number) => hi * 65536 + lo;
const v4Text = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

function classifyV6(g: number[]): AddressKind {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped): what the IPv4 address is.
  if (zeroTo(5) && g5 === 0xffff) return classifyV4(embeddedV4(g6, g7));
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:0:a.b.c.d (IPv4-translated).
  if (zeroTo(6) || (zeroTo(4) && g4 === 0xffff && g5 === 0)) return 'reserved';
  // 64:ff9b::/96 (NAT64, well-known prefix) reaches the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyV4(embeddedV4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'reserved'; // 64:ff9b:1::/48, local-use NAT64
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // 100::/64, discard
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254) {
    return 'metadata'; // fd00:ec2::254, AWS over IPv6
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (g0 === 0x2001 && g1 === 0) return 'reserved'; // 2001::/32, Teredo (hides an IPv4 address)
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // 2001:db8::/32, documentation
  if (g0 === 0x2002) return classifyV4(embeddedV4(g1, g2)); // 2002::/16, 6to4
  if ((g0 & 0xe000) !== 0x2000) return 'reserved'; // outside 2000::/3, the global unicast space
  return 'public';
}

/** What kind of address `ip` (IPv4 or IPv6 text) is; anything that is not an IP address is `reserved`. */
export function classifyAddress(ip: string): AddressKind {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const version = isIP(bare.split('%')[0]!);
  if (version === 4) return classifyV4(v4ToInt(bare));
  if (version === 6) return classifyV6(v6Groups(bare));
  return 'reserved';
}

/** The IPv4 address hidden in an IPv4-mapped / NAT64 / 6to4 IPv6 address, for messages; null otherwise. */
export function embeddedIPv4(ip: string): string | null {
  const bare = ip.split('%')[0]!;
  if (isIP(bare) !== 6) return null;
  const g = v6Groups(bare);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4Text(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Text(embeddedV4(g[6]!, g[7]!));
  if (g[0] === 0x2002) return v4Text(embeddedV4(g[1]!, g[2]!));
  return null;
}

// ── URLs ─────────────────────────────────────────────────────────────────────────────────────────

export const TARGET_URL_MAX = 2000;

export interface GuardOptions {
  /** WEBHOOK_ALLOW_INSECURE_LOOPBACK: loopback targets allowed, over http too. */
  allowInsecureLoopback: boolean;
  resolver?: Resolver;
}

/**
 * The checks that need no DNS: an absolute http(s) URL, no credentials, https unless loopback
 * http is allowed, not a metadata host name. Returns the parsed URL or the reason it is refused.
 */
export function checkTargetShape(raw: string, allowInsecureLoopback: boolean): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'target_url must be an absolute URL, such as "https://example.com/handoff-events"' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: `target_url must be an https URL (got a ${url.protocol.replace(/:$/, '')} URL)` };
  }
  if (url.protocol === 'http:' && !allowInsecureLoopback) {
    return { problem: 'target_url must be an https URL' };
  }
  if (url.username || url.password) {
    return { problem: 'target_url must not contain a user name or password: authenticate deliveries with the signature' };
  }
  const hostname = hostnameOf(url);
  if (!hostname) return { problem: 'target_url must name a host' };
  if (METADATA_HOSTS.has(hostname)) return { problem: `target_url must not point at a cloud metadata service (${hostname})` };
  return { url };
}

function hostnameOf(url: URL): string {
  let h = url.hostname.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.replace(/\.$/, '');
}

function describeAddress(a: string, kind: AddressKind): string {
  const inner = embeddedIPv4(a);
  const article = /^([aeio]|un(?!i))/.test(kind) ? 'an' : 'a';
  return `${a}${inner ? ` (${inner})` : ''}, ${article} ${kind} address`;
}

/** Checks target URLs, resolving their host names; see the file comment. */
export class TargetGuard {
  readonly allowInsecureLoopback: boolean;
  private readonly resolver: Resolver;

  constructor(options: GuardOptions) {
    this.allowInsecureLoopback = options.allowInsecureLoopback;
    this.resolver = options.resolver ?? systemResolver;
  }

  /** The URL and the addresses to connect to, or TargetRefused saying why not. */
  async vet(raw: string): Promise<VettedTarget> {
    const shape = checkTargetShape(raw, this.allowInsecureLoopback);
    if ('problem' in shape) throw new TargetRefused(shape.problem);
    const { url } = shape;
    const hostname = hostnameOf(url);

    let addresses: ResolvedAddress[];
    const literal = isIP(hostname);
    if (literal) {
      addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolver.resolve(hostname);
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new TargetRefused(`target_url's host ${hostname} could not be resolved${code ? ` (${code})` : ''}`);
      }
      if (addresses.length === 0) throw new TargetRefused(`target_url's host ${hostname} has no addresses`);
    }

    // Every address must pass: a client may connect to any of them, and a name with one public
    // and one private address is how a rebinding attack starts.
    const via = literal ? 'target_url is' : `target_url's host ${hostname} resolves to`;
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (kind === 'public') continue;
      if (kind === 'loopback' && this.allowInsecureLoopback) continue;
      throw new TargetRefused(`${via} ${describeAddress(address, kind)}: webhooks are sent to public addresses only`);
    }
    if (url.protocol === 'http:' && addresses.some((a) => classifyAddress(a.address) !== 'loopback')) {
      throw new TargetRefused('target_url must be an https URL (http is allowed only to a loopback address)');
    }
    return { url, hostname, addresses };
  }
}

/**
 * A `lookup` for node:http(s) that answers with the vetted addresses instead of asking DNS again,
 * so the connection goes where the guard looked. (Node skips lookup for an IP literal host.)
 */
export function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    const usable = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      const err = Object.assign(new Error(`no vetted IPv${family} address`), { code: 'ENOTFOUND' });
      callback(err, options.all ? [] : undefined, undefined);
      return;
    }
    if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, usable[0]!.address, usable[0]!.family);
  }) as unknown as LookupFunction;
}
