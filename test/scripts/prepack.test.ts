// The prepack script decides by the npm command that ran it: npm runs it before `npm run pack` as before its own
// `npm pack`. test/deploy/doc-commands.test.ts runs both commands as the docs give them.
import { describe, expect, it } from 'vitest';
import { PACK_COMMAND, prepackRefusal } from '../../scripts/prepack';

describe('prepack', () => {
  it('lets `npm run pack` go on: npm runs prepack before it, as `run` (`run-script` before npm 10)', () => {
    expect(prepackRefusal('run')).toBeUndefined();
    expect(prepackRefusal('run-script')).toBeUndefined();
  });

  it("refuses npm's own pack and publish, naming the command that packs and never itself", () => {
    for (const command of ['pack', 'publish']) {
      const refusal = prepackRefusal(command);
      expect(refusal).toContain(`\`npm ${command}\` would pack this repository's own manifest`);
      expect(refusal).toContain(`Pack with \`${PACK_COMMAND}\``);
    }
    expect(PACK_COMMAND).toBe('npm run pack');
    expect(prepackRefusal(undefined)).toContain(`Pack with \`${PACK_COMMAND}\``);
  });
});
