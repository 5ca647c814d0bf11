// The page scenarios' configs: each adds the browser journey `page` beside the idx journey, with the simulator's
// render budget (a loaded test machine is never a slow page), but for the slow page's own, which keeps the default.
import { describe, expect, it } from 'vitest';
import type { ConfigFileJson } from '../../functions/config/schema';
import { PAGE_JOURNEY, PAGE_SCENARIOS, SIM_RENDER_BUDGET_SECONDS } from '../../sim/page-scenarios';

const IDX = { id: 'workforce', flow: 'idx', username: 'u@example.com' };
const BASE = { signIn: [IDX] } as unknown as ConfigFileJson;

describe('the page scenarios', () => {
  it("the slow page's journey keeps the default render budget; every other page scenario the simulator's", () => {
    for (const [name, scenario] of Object.entries(PAGE_SCENARIOS)) {
      const page = scenario.config(BASE).signIn?.find((j) => j.id === PAGE_JOURNEY);
      expect(page?.flow, name).toBe('browser');
      expect(page?.renderBudgetSeconds, name).toBe(
        name === 'sign-in-page-slow' ? undefined : SIM_RENDER_BUDGET_SECONDS,
      );
    }
  });
});
