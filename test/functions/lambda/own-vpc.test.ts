// The deployed probe's own VPC's address ranges (lambda/own-vpc.ts) and the hooks' TLS guard that uses them: a VPC's
// CIDR blocks need not be private, and a hook host resolving into one is refused as a private address is; EC2's answer
// is faked (aws-sdk-client-mock), and no test here connects anywhere: every read below stops before the handshake.
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { OWN_VPC_AGAIN_MS, ownVpcReader, readOwnVpc, subnetIdsOf } from '../../../functions/lambda/own-vpc';
import { ownRangeOf, readCertificate } from '../../../functions/probe/integrations/hook-tls';
import { judgeHookLists, readHookCerts, readHookList } from '../../../functions/probe/integrations/hooks';
import { createMemoryCache } from '../../../functions/cache/read-through';

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());

const SUBNET = 'subnet-0123456789abcdef0';
/** A VPC on public space (documentation ranges): neither is in the guard's table of private ranges. */
const VPC_V4 = '198.51.100.0/24';
const VPC_V6 = '2001:db8:1200::/56';

function fakeVpc(): void {
  ec2.on(DescribeSubnetsCommand, { SubnetIds: [SUBNET] }).resolves({
    Subnets: [
      {
        SubnetId: SUBNET,
        VpcId: 'vpc-0aaa1111bbbb2222c',
        CidrBlock: '198.51.100.0/26',
        Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2001:db8:1200:1::/64' }],
      },
    ],
  });
  ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-0aaa1111bbbb2222c'] }).resolves({
    Vpcs: [
      {
        VpcId: 'vpc-0aaa1111bbbb2222c',
        CidrBlock: VPC_V4,
        CidrBlockAssociationSet: [{ CidrBlock: VPC_V4 }, { CidrBlock: '203.0.113.128/25' }],
        Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: VPC_V6 }],
      },
    ],
  });
}

/** A hook host resolving to `address`: the guard's answer, read with the VPC's ranges. */
const readAt = (address: string, ownNetwork: ReturnType<typeof ownVpcReader>) =>
  readCertificate(
    { host: 'hooks.acme.example', port: 443 },
    { timeoutMs: 300, lookup: () => Promise.resolve([{ address }]), ownNetwork },
  );

/** The lists of one active inline hook on hooks.acme.example, the event hooks not asked. */
const oneHook = (id: string, name: string, type: string) => ({
  inline: readHookList(
    [{ id, name, status: 'ACTIVE', type, channel: { config: { uri: 'https://hooks.acme.example/h' } } }],
    'inline',
  ),
  event: { notAsked: 'okta.eventHooks.read' },
});

describe("the probe's own VPC, read from EC2", () => {
  it("reads the subnets' VPC and every CIDR block of it, IPv4 and IPv6, primary and associated", async () => {
    fakeVpc();
    expect(await readOwnVpc([SUBNET], new EC2Client({ region: 'us-east-1' }))).toEqual({
      cidrs: [VPC_V4, '203.0.113.128/25', VPC_V6, '198.51.100.0/26', '2001:db8:1200:1::/64'],
    });
  });

  it('refuses a hook host resolving into a public CIDR of its own VPC, outside its own subnet too', async () => {
    fakeVpc();
    const own = ownVpcReader([SUBNET], { client: new EC2Client({ region: 'us-east-1' }) });
    // Outside the probe's subnet (198.51.100.0/26) but inside the VPC: the VPC's blocks are read, not the subnet's.
    expect(await readAt('198.51.100.200', own)).toEqual({ failure: 'own_network', code: 'OWN_VPC', range: VPC_V4 });
    expect(await readAt('203.0.113.200', own)).toMatchObject({ range: '203.0.113.128/25' });
    expect(await readAt('2001:db8:1200:ff::5', own)).toMatchObject({ range: VPC_V6 });
    // The same address carried in IPv6 is the same host.
    expect(await readAt('::ffff:198.51.100.7', own)).toMatchObject({ failure: 'own_network' });
    // One read a process: four hosts, one DescribeSubnets and one DescribeVpcs.
    expect([ec2.commandCalls(DescribeSubnetsCommand).length, ec2.commandCalls(DescribeVpcsCommand).length]).toEqual([
      1, 1,
    ]);
  });

  it('tells the hook that the ranges could not be read when DescribeSubnets fails, connecting nowhere', async () => {
    ec2.on(DescribeSubnetsCommand).rejects(
      Object.assign(new Error('You are not authorized to perform this operation.'), {
        name: 'UnauthorizedOperation',
      }),
    );
    let clock = 0;
    const own = ownVpcReader([SUBNET], { client: new EC2Client({ region: 'us-east-1' }), now: () => clock });
    // A public address outside any known range: not connected to while the VPC's ranges are unknown.
    expect(await readAt('192.0.2.10', own)).toEqual({ failure: 'unguarded', code: 'UnauthorizedOperation' });

    const lists = oneHook('cal1', 'Claims enricher', 'com.okta.oauth2.tokens.transform');
    const cache = createMemoryCache();
    const certs = await readHookCerts(lists, { cache }, 0, {
      lookup: () => Promise.resolve([{ address: '192.0.2.10' }]),
      ownNetwork: own,
    });
    const judged = judgeHookLists(lists, certs, new Set(['cal1']), 0);
    expect(judged.items.filter((i) => i.item.startsWith('certificate of'))).toEqual([
      expect.objectContaining({
        item:
          "certificate of hooks.acme.example: not read: the probe's own VPC's address ranges could not be read " +
          '(UnauthorizedOperation), so it connects to no hook host: not checked',
        status: 'n/a',
      }),
    ]);
    expect(judged.items.some((i) => i.status === 'pass')).toBe(false);
    // Our failure, not the org's: no finding; and not kept, so the next run tries the host again.
    expect(judged.told).toEqual([]);
    expect(cache.get('integration-health:cert:hooks.acme.example:443', 0)).toBeUndefined();

    // Asked again only once OWN_VPC_AGAIN_MS has passed.
    await own();
    expect(ec2.commandCalls(DescribeSubnetsCommand).length).toBe(1);
    clock = OWN_VPC_AGAIN_MS;
    fakeVpc();
    expect(await readAt('198.51.100.9', own)).toMatchObject({ failure: 'own_network', range: VPC_V4 });
    expect(ec2.commandCalls(DescribeSubnetsCommand).length).toBe(2);
  });

  it('warns of a hook whose host is inside the VPC, naming the block, as a private address is told', async () => {
    fakeVpc();
    const lists = oneHook('cal2', 'Sign-up checker', 'com.okta.user.pre-registration');
    const certs = await readHookCerts(lists, {}, 0, {
      lookup: () => Promise.resolve([{ address: '198.51.100.50' }]),
      ownNetwork: ownVpcReader([SUBNET], { client: new EC2Client({ region: 'us-east-1' }) }),
    });
    const judged = judgeHookLists(lists, certs, new Set(['cal2']), 0);
    expect(judged.told.map((t) => [t.finding.code, t.severity, t.finding.detail])).toEqual([
      [
        'INTEGRATION_HOOK_URL_UNSAFE',
        'warn',
        `registration hook "Sign-up checker" (cal2): its host resolves into the probe's own VPC (${VPC_V4}): not ` +
          'checked',
      ],
    ]);
  });

  it('reads no subnet at all without ids: an empty list would describe every subnet of the region', async () => {
    expect(await readOwnVpc([], new EC2Client({ region: 'us-east-1' }))).toEqual({ unread: 'NO_SUBNETS' });
    expect(ec2.calls()).toEqual([]);
    expect(subnetIdsOf(`${SUBNET},subnet-0fedcba9876543210`)).toEqual([SUBNET, 'subnet-0fedcba9876543210']);
    expect(subnetIdsOf(undefined)).toEqual([]);
  });
});

describe('a CIDR block holding an address', () => {
  it.each([
    ['198.51.100.255', ['198.51.100.0/24'], '198.51.100.0/24'],
    ['198.51.101.0', ['198.51.100.0/24'], undefined],
    ['10.1.2.3', ['0.0.0.0/0'], '0.0.0.0/0'],
    ['2001:db8:1200:ab::1', ['2001:db8:1200::/56'], '2001:db8:1200::/56'],
    ['2001:db8:1201::1', ['2001:db8:1200::/56'], undefined],
    ['[2001:db8:1200::1]', ['198.51.100.0/24', '2001:db8:1200::/56'], '2001:db8:1200::/56'],
    ['::ffff:198.51.100.1', ['198.51.100.0/24'], '198.51.100.0/24'],
    ['198.51.100.1', ['2001:db8::/32', 'not-a-cidr', '198.51.100.0/33'], undefined],
  ])('%s in %j: %s', (address, cidrs, range) => {
    expect(ownRangeOf(address, cidrs)).toBe(range);
  });
});
