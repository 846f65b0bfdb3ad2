// SSRF protection of webhook targets: which URLs and addresses are refused, with a table resolver
// instead of DNS, and the pinned lookup that makes the connection go where the guard looked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  classifyAddress,
  pinnedLookup,
  type ResolvedAddress,
  type Resolver,
  TargetGuard,
  TargetRefused,
} from '../../src/modules/webhooks/target-guard.ts';

/** A resolver that answers from a table and records what it was asked. */
function tableResolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (hostname) => {
      asked.push(hostname);
      const addresses = table[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

const DNS = {
  'hooks.example.com': ['93.184.216.34'],
  'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '192.168.0.10'],
  'metadata.google.internal': ['169.254.169.254'],
  'sneaky.example.com': ['169.254.169.254'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'localhost': ['127.0.0.1', '::1'],
  'loopback-and-public.example.com': ['127.0.0.1', '93.184.216.34'],
};

async function refusal(guard: TargetGuard, url: string): Promise<string | null> {
  try {
    await guard.vet(url);
    return null;
  } catch (err) {
    assert.ok(err instanceof TargetRefused, `${url}: ${String(err)}`);
    return err.message;
  }
}

describe('TargetGuard (WEBHOOK_ALLOW_INSECURE_LOOPBACK off)', () => {
  const guard = new TargetGuard({ allowInsecureLoopback: false, resolver: tableResolver(DNS) });

  const refused: [name: string, url: string, reason: RegExp][] = [
    ['http to a public host', 'http://hooks.example.com/h', /must be an https URL/],
    ['http to loopback (flag off)', 'http://127.0.0.1:8080/h', /must be an https URL/],
    ['a non-http scheme', 'ftp://hooks.example.com/h', /must be an https URL \(got a ftp URL\)/],
    ['not a URL', 'hooks.example.com/h', /absolute URL/],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/h', /user name or password/],
    ['10.0.0.1', 'https://10.0.0.1/h', /10\.0\.0\.1, a private address/],
    ['172.16.5.4', 'https://172.16.5.4/h', /172\.16\.5\.4, a private address/],
    ['192.168.1.1', 'https://192.168.1.1/h', /192\.168\.1\.1, a private address/],
    ['127.0.0.1 over https', 'https://127.0.0.1/h', /127\.0\.0\.1, a loopback address/],
    ['127.0.0.1 in decimal', 'https://2130706433/h', /127\.0\.0\.1, a loopback address/],
    ['169.254.169.254', 'https://169.254.169.254/latest/meta-data', /169\.254\.169\.254, a metadata address/],
    ['169.254.1.1', 'https://169.254.1.1/', /a link-local address/],
    ['metadata.google.internal', 'https://metadata.google.internal/computeMetadata/v1/', /cloud metadata service/],
    ['metadata.google.internal.', 'https://metadata.google.internal./computeMetadata/v1/', /cloud metadata service/],
    ['[::1]', 'https://[::1]/h', /::1, a loopback address/],
    ['[fe80::1]', 'https://[fe80::1]/h', /fe80::1, a link-local address/],
    ['[fc00::1]', 'https://[fc00::1]/h', /fc00::1, a unique-local address/],
    ['[fd00:ec2::254]', 'https://[fd00:ec2::254]/', /a metadata address/],
    ['[::ffff:10.0.0.1]', 'https://[::ffff:10.0.0.1]/h', /\(10\.0\.0\.1\), a private address/],
    ['[::ffff:169.254.169.254]', 'https://[::ffff:169.254.169.254]/', /\(169\.254\.169\.254\), a metadata address/],
    ['[64:ff9b::a00:1] (NAT64 of 10.0.0.1)', 'https://[64:ff9b::a00:1]/', /\(10\.0\.0\.1\), a private address/],
    ['0.0.0.0', 'https://0.0.0.0/h', /0\.0\.0\.0, an unspecified address/],
    ['[::]', 'https://[::]/h', /an unspecified address/],
    ['100.64.0.1 (CGNAT)', 'https://100.64.0.1/h', /a shared \(CGNAT\) address/],
    ['224.0.0.1 (multicast)', 'https://224.0.0.1/h', /a multicast address/],
    ['[ff02::1] (multicast)', 'https://[ff02::1]/h', /a multicast address/],
    ['255.255.255.255', 'https://255.255.255.255/h', /a reserved address/],
    ['a host resolving to a private address', 'https://internal.example.com/h', /internal\.example\.com resolves to 10\.1\.2\.3, a private address/],
    ['a host resolving to one public and one private address', 'https://mixed.example.com/h', /resolves to 192\.168\.0\.10, a private address/],
    ['a host resolving to the metadata address', 'https://sneaky.example.com/', /169\.254\.169\.254, a metadata address/],
    ['a host resolving to a mapped loopback address', 'https://mapped.example.com/', /\(127\.0\.0\.1\), a loopback address/],
    ['localhost', 'https://localhost/h', /localhost resolves to 127\.0\.0\.1, a loopback address/],
    ['a host that does not resolve', 'https://nowhere.example.com/h', /could not be resolved \(ENOTFOUND\)/],
  ];
  for (const [name, url, reason] of refused) {
    test(`refuses ${name}`, async () => {
      const message = await refusal(guard, url);
      assert.ok(message !== null, `${url} was allowed`);
      assert.match(message, reason);
    });
  }

  test('allows a public address, literal or resolved, IPv4 or IPv6', async () => {
    for (const url of ['https://hooks.example.com/h', 'https://93.184.216.34:8443/h', 'https://v6.example.com/', 'https://[2606:4700::1111]/']) {
      assert.equal(await refusal(guard, url), null, url);
    }
    const vetted = await guard.vet('https://Hooks.Example.COM./h?x=1');
    assert.equal(vetted.hostname, 'hooks.example.com');
    assert.deepEqual(vetted.addresses, [{ address: '93.184.216.34', family: 4 }]);
  });

  test('asks DNS only for host names', async () => {
    const resolver = tableResolver(DNS);
    const g = new TargetGuard({ allowInsecureLoopback: false, resolver });
    await refusal(g, 'https://10.0.0.1/');
    await refusal(g, 'https://[::1]/');
    await refusal(g, 'https://metadata.google.internal/');
    assert.deepEqual(resolver.asked, []);
    await refusal(g, 'https://hooks.example.com/');
    assert.deepEqual(resolver.asked, ['hooks.example.com']);
  });
});

describe('TargetGuard (WEBHOOK_ALLOW_INSECURE_LOOPBACK=1)', () => {
  const guard = new TargetGuard({ allowInsecureLoopback: true, resolver: tableResolver(DNS) });

  test('allows loopback, over http or https, literal or by name', async () => {
    for (const url of ['http://127.0.0.1:9999/h', 'https://127.0.0.1/h', 'http://[::1]:9999/h', 'http://localhost:9999/h']) {
      assert.equal(await refusal(guard, url), null, url);
    }
  });

  test('still refuses http anywhere else, and every non-loopback internal address', async () => {
    assert.match((await refusal(guard, 'http://hooks.example.com/h'))!, /http is allowed only to a loopback address/);
    assert.match((await refusal(guard, 'http://loopback-and-public.example.com/h'))!, /http is allowed only to a loopback address/);
    assert.match((await refusal(guard, 'http://10.0.0.1/h'))!, /a private address/);
    assert.match((await refusal(guard, 'https://169.254.169.254/'))!, /a metadata address/);
    assert.match((await refusal(guard, 'https://[fe80::1]/'))!, /a link-local address/);
  });
});

describe('classifyAddress', () => {
  const table: [string, string][] = [
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['9.255.255.255', 'public'],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', 'public'],
    ['192.168.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['169.254.0.1', 'link-local'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.0', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['100.128.0.0', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['::10.0.0.1', 'reserved'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2606:4700::1111', 'public'],
    ['2a00:1450:4001:81c::200e', 'public'],
    ['4000::1', 'reserved'],
    ['[::1]', 'loopback'],
    ['not-an-ip', 'reserved'],
  ];
  for (const [ip, kind] of table) {
    test(`${ip} is ${kind}`, () => assert.equal(classifyAddress(ip), kind));
  }
});

describe('pinnedLookup', () => {
  const addresses: ResolvedAddress[] = [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
  ];
  const call = (options: object) =>
    new Promise<unknown[]>((resolve) => (pinnedLookup(addresses) as any)('ignored.example.com', options, (...args: unknown[]) => resolve(args)));

  test('answers with the vetted addresses, whatever the host name', async () => {
    assert.deepEqual(await call({}), [null, '93.184.216.34', 4]);
    assert.deepEqual(await call({ family: 6 }), [null, '2606:2800:220:1:248:1893:25c8:1946', 6]);
    assert.deepEqual(await call({ all: true }), [null, addresses]);
    assert.deepEqual(await call({ all: true, family: 4 }), [null, [addresses[0]]]);
  });

  test('fails rather than resolve again when no vetted address fits', async () => {
    const [err] = await new Promise<unknown[]>((resolve) =>
      (pinnedLookup([addresses[0]!]) as any)('x', { family: 6 }, (...args: unknown[]) => resolve(args)),
    );
    assert.equal((err as { code: string }).code, 'ENOTFOUND');
  });
});
