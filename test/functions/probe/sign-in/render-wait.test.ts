// The wait for the Sign-In Widget, judged by what the page shows: a widget that came after the first wait is late,
// never "never rendered"; the page is looked at again (its DOM) and given more time while it still works; a page
// that is done without a widget is not waited on; and a widget that never came is told with what the page was still
// waiting for. A clock of the test's own: nothing here waits.
import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../../functions/plan/verdict';
import { codeRow } from '../../../../functions/diagnosis/registry';
import { pageCause, type PageFacts } from '../../../../functions/probe/sign-in/flows/browser/page-facts';
import {
  awaitWidget,
  firstWaitMs,
  neverRendered,
  RENDER_PATIENCE_MS,
  type PendingRequest,
  type RenderLook,
} from '../../../../functions/probe/sign-in/render-wait';

/**
 * A page whose widget arrives at `renderAt` ms (never: undefined), whose main thread answers no look before
 * `busyUntil`, with `pending` in flight until `pendingUntil`; each look costs what it waits.
 */
function pageLook(opts: {
  renderAt?: number;
  busyUntil?: number;
  pending?: readonly PendingRequest[];
  pendingUntil?: number;
  /** The DOM holds the widget though Playwright's wait never sees it (its polling starved). */
  waitNeverSees?: boolean;
  /** The page still works (its document loading, its main thread running tasks) until then, ms. */
  workingUntil?: number;
}): RenderLook & { looks: number } {
  let now = 0;
  const rendered = (): boolean => opts.renderAt !== undefined && now >= opts.renderAt;
  const look = {
    looks: 0,
    now: () => now,
    appeared: (ms: number) => {
      if (!opts.waitNeverSees && opts.renderAt !== undefined && opts.renderAt <= now + ms) {
        now = Math.max(now, opts.renderAt);
        return Promise.resolve(true);
      }
      now += ms;
      return Promise.resolve(false);
    },
    inDom: (ms: number) => {
      look.looks += 1;
      if (now < (opts.busyUntil ?? 0)) {
        now += ms;
        return Promise.resolve(undefined);
      }
      return Promise.resolve(rendered());
    },
    pending: () => (now < (opts.pendingUntil ?? Infinity) ? (opts.pending ?? []) : []),
    quietMs: () => (opts.pendingUntil !== undefined && now >= opts.pendingUntil ? now - opts.pendingUntil : 0),
    working: () => Promise.resolve(now < (opts.workingUntil ?? 0)),
    over: () => false,
  };
  return look;
}

const BUDGET = 4000;
const STEP = 5000;
const FIRST = firstWaitMs(BUDGET, STEP);

describe('a widget that rendered late is rendered', () => {
  it('within the first wait: rendered, not late', async () => {
    expect(await awaitWidget(pageLook({ renderAt: 2000 }), BUDGET, STEP)).toEqual({ rendered: true, late: false });
  });

  it('after the first wait, while its script still ran (the DOM answered nothing): late, never blank', async () => {
    const look = pageLook({ renderAt: FIRST + 12_000, busyUntil: FIRST + 11_000 });
    expect(await awaitWidget(look, BUDGET, STEP)).toEqual({ rendered: true, late: true });
  });

  it("in the DOM though Playwright's wait never saw it: the look at the page itself finds it", async () => {
    const look = pageLook({ renderAt: FIRST - 1, waitNeverSees: true });
    expect(await awaitWidget(look, BUDGET, STEP)).toEqual({ rendered: true, late: true });
    expect(look.looks).toBe(1);
  });

  it('after the first wait, on a quiet network while the page still worked (a script compiled, then run)', async () => {
    const look = pageLook({ renderAt: FIRST + 14_000, pendingUntil: 1000, workingUntil: FIRST + 13_000 });
    expect(await awaitWidget(look, BUDGET, STEP)).toEqual({ rendered: true, late: true });
  });

  it('after the first wait, while a request was still in flight', async () => {
    const pending = [{ url: 'https://cdn.acme.example/brand.js', type: 'script', blocking: 'blocks' as const }];
    const look = pageLook({ renderAt: FIRST + 20_000, pending, pendingUntil: FIRST + 19_000 });
    expect(await awaitWidget(look, BUDGET, STEP)).toEqual({ rendered: true, late: true });
  });
});

describe('a widget that never rendered', () => {
  it('on a page that is done (nothing in flight, its DOM read, quiet a step): judged without more wait', async () => {
    const look = pageLook({ pendingUntil: 1000 });
    const seen = await awaitWidget(look, BUDGET, STEP);
    expect(seen).toEqual({ rendered: false, pending: [], busy: false });
    expect(look.now()).toBeLessThanOrEqual(FIRST + STEP);
  });

  it('on a page still waiting: waited for up to the patience, then named with what it waited for', async () => {
    const pending = [
      { url: 'https://fonts.acme.example/a.woff2', type: 'font' },
      { url: 'https://cdn.acme.example/brand.js', type: 'script', blocking: 'blocks' as const },
    ];
    const look = pageLook({ pending });
    const seen = await awaitWidget(look, BUDGET, STEP);
    expect(seen).toEqual({ rendered: false, pending, busy: false });
    expect(look.now()).toBeGreaterThanOrEqual(RENDER_PATIENCE_MS);
    expect(look.now()).toBeLessThanOrEqual(RENDER_PATIENCE_MS + STEP);
  });

  it('on a page whose scripts never let the DOM be read: busy, at the patience', async () => {
    const look = pageLook({ busyUntil: Infinity, pendingUntil: 0 });
    const seen = await awaitWidget(look, BUDGET, STEP);
    expect(seen).toMatchObject({ rendered: false, busy: true });
    expect(look.now()).toBeLessThanOrEqual(RENDER_PATIENCE_MS + STEP);
  });
});

const facts = (over: Partial<PageFacts> = {}): PageFacts => ({
  csp: [],
  scriptErrors: [],
  assets: [],
  counts: { csp: 0, scriptErrors: 0, assets: 0 },
  ...over,
});

describe('the finding of a widget that never rendered names what the page still waited for', () => {
  const pending: PendingRequest[] = [
    { url: 'https://cdn.acme.example/brand.js', type: 'script', blocking: 'blocks' },
    { url: 'http://127.0.0.1:4000/idp/idx/introspect', type: 'fetch' },
  ];

  it('SIGN_IN_PAGE_STALLED: each request by URL and type, the one holding the rendering said so', () => {
    const verdict = neverRendered(
      pageCause(facts(), 'the Sign-In Widget never rendered'),
      { rendered: false, pending, busy: false },
      45_000,
    );
    expect(verdict.diagnosis).toMatchObject({
      code: 'SIGN_IN_PAGE_STALLED',
      detail:
        'the Sign-In Widget never rendered within 45 s: the page was still waiting for ' +
        'https://cdn.acme.example/brand.js (script, blocks rendering); ' +
        'http://127.0.0.1:4000/idp/idx/introspect (fetch)',
    });
    expect(codeRow('SIGN_IN_PAGE_STALLED')).toMatchObject({ owner: 'org', hostedPage: {} });
    expect(codeRow('SIGN_IN_PAGE_STALLED').remedy).toMatch(/network panel/);
    expect(verdictOf('sign-in', 'SIGN_IN_PAGE_STALLED')).toMatchObject({ owner: 'org', state: 'failing' });
  });

  it("a cause the browser told stays the page's cause, with what it still waited for", () => {
    const verdict = neverRendered(
      pageCause(
        facts({ assets: ['https://x/y.css answered 404'], counts: { csp: 0, scriptErrors: 0, assets: 1 } }),
        'w',
      ),
      { rendered: false, pending, busy: false },
      45_000,
    );
    expect(verdict.diagnosis?.code).toBe('SIGN_IN_PAGE_ASSET_FAILED');
    expect(verdict.diagnosis?.detail).toMatch(/answered 404; the page was still waiting for https:\/\/cdn/);
  });

  it('nothing in flight: SIGN_IN_PAGE_BLANK, saying how long it was waited for', () => {
    const verdict = neverRendered(
      pageCause(facts(), 'the Sign-In Widget never rendered'),
      { rendered: false, pending: [], busy: false },
      9000,
    );
    expect(verdict.diagnosis).toMatchObject({
      code: 'SIGN_IN_PAGE_BLANK',
      detail: expect.stringMatching(/within 9 s/),
    });
  });
});
