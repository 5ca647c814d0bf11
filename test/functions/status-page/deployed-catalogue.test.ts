// The deployed page names a catalogue's every app as the CLI's does: the probe's catalogue store remembers each group
// as the run read and wrote it, and the page is folded with those records, with no second read of the table.
import { describe, expect, it } from 'vitest';
import type { CatalogueStore } from '../../../functions/kept-state';
import { createMemoryCatalogueStore, rememberingCatalogueStore } from '../../../functions/probe/kept-store';
import { buildStatusPage } from '../../../functions/status-page/page';
import { withCatalogueRecords } from '../../../functions/status-page/watched';
import type { ProbeConfig } from '../../../functions/types';
import { goodRunLine } from '../../support/run-line-fixture';

const START = Date.parse('2026-10-01T08:00:00.000Z');
/** A kept record as the group writes it, checked and passed at START. */
const passed = (label: string) => ({ first: START, seen: START, at: START, code: null, found: { appId: 'x', label } });
const probe = {
  servers: [{ id: 'org' }, { id: 'default' }],
  samlGroups: [{ id: 'portal-saml', name: 'Portal apps' }],
} as unknown as ProbeConfig;

describe("the deployed page's catalogue", () => {
  it('remembers a group as the run read it, then as it wrote it, and nothing of a group never read whole', async () => {
    const inner = createMemoryCatalogueStore();
    await inner.write('portal-saml', new Map([['0oa1', passed('Salesforce')]]), []);
    const seen = new Map<string, Map<string, unknown>>();
    const store = rememberingCatalogueStore(inner, seen);
    await store.write('other', new Map([['0oa9', passed('Box')]]), []);
    expect(seen.has('other')).toBe(false);
    await store.read('portal-saml');
    await store.write('portal-saml', new Map([['0oa2', passed('Workday')]]), ['0oa1']);
    expect([...(seen.get('portal-saml')?.keys() ?? [])]).toEqual(['0oa2']);
  });

  it('keeps what it remembered when a read fails, and never hides the failure from the run', async () => {
    const seen = new Map<string, Map<string, unknown>>([['portal-saml', new Map([['0oa1', passed('Salesforce')]])]]);
    const failing: CatalogueStore = {
      where: () => 'nowhere',
      read: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      write: () => Promise.resolve(),
    };
    await expect(rememberingCatalogueStore(failing, seen).read('portal-saml')).rejects.toThrow();
    expect(seen.get('portal-saml')?.has('0oa1')).toBe(true);
  });

  it('names a healthy catalogue app on the published page, and keeps the list on a run that read no group', () => {
    const records = new Map([['portal-saml', new Map<string, unknown>([['0oa1', passed('Salesforce')]])]]);
    const line = { ...goodRunLine, startedAt: new Date(START + 1_000).toISOString() };
    const first = buildStatusPage({
      lines: [line],
      at: new Date(START + 2_000),
      watched: withCatalogueRecords(probe, records, START + 2_000),
    });
    const html = (model: typeof first) => model?.files.find((f) => f.key === 'index.html')?.body ?? '';
    expect(html(first)).toContain('<li>Salesforce</li>');
    // A cold sandbox whose run did not check the group yet: the page keeps the list the model holds.
    const next = { ...goodRunLine, startedAt: new Date(START + 61_000).toISOString() };
    const later = buildStatusPage({
      prev: first?.model,
      lines: [next],
      at: new Date(START + 62_000),
      watched: withCatalogueRecords(probe, new Map(), START + 62_000),
    });
    expect(html(later)).toContain('<li>Salesforce</li>');
  });
});
