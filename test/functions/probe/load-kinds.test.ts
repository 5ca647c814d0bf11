// The kinds only some configs have are imported when the plan holds one of their checks (loadKinds in runners.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';

const INVENTORY = '../../../functions/probe/inventory/run';

afterEach(() => {
  vi.doUnmock(INVENTORY);
  vi.resetModules();
});

describe('loadKinds', () => {
  it('loads nothing of the SAML kind, groups or journeys for a plan of server checks', async () => {
    const { loadKinds } = await import('../../../functions/probe/runners');
    await expect(loadKinds(['discovery', 'token', 'status'])).resolves.toEqual({});
  });

  it("loads the SAML scope and the journey's lockout reader for a SAML app's check", async () => {
    const { loadKinds } = await import('../../../functions/probe/runners');
    const kinds = await loadKinds(['saml', 'saml-certificate']);
    expect(Object.keys(kinds).sort()).toEqual(['lockout', 'saml']);
  });

  it(
    "leaves the run standing when a kind fails to load: the plan loads, and that kind's runner fails its own " +
      'check',
    async () => {
      vi.resetModules();
      vi.doMock(INVENTORY, () => {
        throw new Error('chunk missing from the asset');
      });
      const { loadKinds, SERVER_RUNNERS } = await import('../../../functions/probe/runners');
      await expect(loadKinds(['inventory', 'api-tokens', 'discovery'])).resolves.toEqual({});
      await expect(SERVER_RUNNERS.inventory({} as never)).rejects.toThrow();
    },
  );
});
