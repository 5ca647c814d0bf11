// docs/provisioning.md's claims about the leavers' ledger and its bounds, each held by a test (test/support/claims.ts),
// as docs-claims.test.ts holds status-page.md's.
import { describe } from 'vitest';
import { held, itHoldsClaims } from '../support/claims';

describe('docs/provisioning.md, claim by claim', () => {
  const dropped = 'test/functions/probe/provisioning/ledger-dropped.test.ts';
  itHoldsClaims('docs/provisioning.md', [
    held(
      'What the ledger keeps, at most: 500 open leavers an app (past that the count reads "at least") and 2,000 in all',
      'test/functions/probe/provisioning/ledger.test.ts',
      'keeps an app to its cap and says "at least"',
    ),
    held(
      '(an app whose open leavers that bound dropped, every one, reads "at least 1 leaver may still have an account, ' +
        'not counted: the ledger was full", never 0)',
      dropped,
      'is told as at least 1 leaver the full ledger dropped, never a silent 0',
    ),
    held(
      'and with none left open so are those the full ledger dropped uncounted',
      dropped,
      "is cleared by the admin's acknowledgement of the app, with its count of 0",
    ),
  ]);
});
