// statusPage.allowFrom read strictly: IPv4 and IPv6 CIDRs kept canonical; a bare address, host bits, a prefix out of
// range, a leading zero, a zone, the whole internet, too many entries or a wrong shape refused, each problem naming
// its entry and the fix; absent, no page.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/config/parse';
import { STATUS_PAGE_MAX_NETWORKS } from '../../../functions/config/status-page';

const BASE = {
  orgUrl: 'https://acme.okta.com',
  servers: [{ id: 'default', clientId: 'c', authMethod: 'client_secret_basic', scopes: ['s'], audience: 'api://x' }],
};

function read(statusPage: unknown) {
  return parseConfig({ ...BASE, statusPage }, { mode: 'deploy', baseDir: '/', env: {} });
}
const errors = (statusPage: unknown) => {
  const result = read(statusPage);
  return result.ok ? [] : result.errors;
};

describe('statusPage', () => {
  it('is null when absent: no page is deployed', () => {
    const result = parseConfig(BASE, { mode: 'deploy', baseDir: '/', env: {} });
    expect(result.ok && result.config.deploy.statusPage).toBeNull();
  });

  it('keeps IPv4 and IPv6 networks canonical: lower case, the longest zero run as ::', () => {
    const result = read({ allowFrom: ['203.0.113.0/24', '2001:DB8:0:0:0:0:0:0/32', ' 198.51.100.7/32 ', '::1/128'] });
    expect(result.ok && result.config.deploy.statusPage).toEqual({
      allowFrom: ['203.0.113.0/24', '2001:db8::/32', '198.51.100.7/32', '::1/128'],
    });
  });

  it.each([
    ['10.0.0.0/33', /"10\.0\.0\.0\/33" is not a CIDR \(the prefix length must be 0 to 32, got "33"\)/],
    ['2001:db8::/129', /the prefix length must be 0 to 128/],
    ['10.0.0.1', /is not a CIDR \(no "\/prefix"\).*one address: \/32 or \/128/],
    ['10.1.2.3/16', /has host bits set after its \/16: write the network, "10\.1\.0\.0\/16"/],
    ['2001:db8::1/64', /write the network, "2001:db8::\/64"/],
    ['010.0.0.0/8', /"010\.0\.0\.0" is not an IPv4 or IPv6 address/],
    ['fe80::1%eth0/64', /is not an IPv4 or IPv6 address/],
    ['1::2::3/64', /is not an IPv4 or IPv6 address/],
    ['0.0.0.0/0', /is every address: the page would be public/],
    ['::/0', /is every address: the page would be public/],
  ])('refuses %s, naming the entry and the fix', (cidr, problem) => {
    expect(errors({ allowFrom: ['192.0.2.0/24', cidr] })).toEqual([
      expect.stringMatching(new RegExp(`^statusPage\\.allowFrom\\[1\\]: .*${problem.source}`)),
    ]);
  });

  it('refuses a wrong shape, an empty list, a non-string entry, an unknown field and too many networks', () => {
    expect(errors(['10.0.0.0/8'])).toEqual([expect.stringMatching(/^statusPage: expected an object like/)]);
    expect(errors({ allowFrom: [] })).toEqual([expect.stringMatching(/^statusPage\.allowFrom: required:/)]);
    expect(errors({ allowFrom: [42] })).toEqual([
      expect.stringMatching(/^statusPage\.allowFrom\[0\]: expected a CIDR string, got a number/),
    ]);
    expect(errors({ allowFrom: ['10.0.0.0/8'], allowfrom: [] })).toEqual([
      expect.stringMatching(/^statusPage\.allowfrom: unknown field/),
    ]);
    // allowFrom misspelled alone is one problem, its name's, with the fix: not also a missing allowFrom.
    expect(errors({ allowfrom: ['10.0.0.0/8'] })).toEqual([
      'statusPage.allowfrom: unknown field (did you mean allowFrom?)',
    ]);
    expect(errors({ networks: ['10.0.0.0/8'] })).toEqual([
      'statusPage.networks: unknown field (statusPage takes "allowFrom" only)',
      expect.stringMatching(/^statusPage\.allowFrom: required:/),
    ]);
    const many = Array.from({ length: STATUS_PAGE_MAX_NETWORKS + 1 }, (_, i) => `10.0.${i}.0/24`);
    expect(errors({ allowFrom: many })).toEqual([
      expect.stringMatching(/^statusPage\.allowFrom: 101 networks: at most 100 fit/),
    ]);
  });
});
