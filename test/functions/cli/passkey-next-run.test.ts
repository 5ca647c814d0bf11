// After `passkey enroll`, the journey's next run with "authenticator": "passkey" signs in with the passkey at once,
// whatever its cadence: the enrollment's own sign-in (the password and a TOTP code) is kept as the journey's last
// verdict in the machine's state folder, and a scheduled run (--history) repeated it, carried, as "Signed in with:
// password + Google Authenticator" until the journey was next due. A journey left on its TOTP code still repeats it,
// as before; the passkey's verdict is then repeated under its own cadence.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../functions/cli/main';
import type { Report } from '../../../functions/types';
import { writeSimulatorConfig } from '../../../sim/config';
import { IDX_JOURNEY } from '../../../sim/idx-scenarios';
import { useSimulator } from '../../support/simulator';
import { useTempDir } from '../../support/temp-dir';
import { captureIo } from './helpers';

const sim = useSimulator({ scenario: 'idx-passkey-promotion' });
const temp = useTempDir('okta-synthetics-passkey-next-run-');
afterEach(() => vi.useRealTimers());

/** The config with the workforce journey signing in with the passkey in `file`. */
function withPasskey(config: string, file: string): string {
  const json = JSON.parse(readFileSync(config, 'utf8')) as { signIn: Array<Record<string, unknown>> };
  for (const s of json.signIn)
    if (s.id === IDX_JOURNEY) Object.assign(s, { authenticator: 'passkey', passkeyFile: file });
  const out = config.replace(/\.json$/, '-passkey.json');
  writeFileSync(out, JSON.stringify(json));
  return out;
}

describe('the run right after `passkey enroll`, one state folder', () => {
  it('signs in with the passkey at once; left on TOTP, it repeats the enrollment, as its cadence says', async () => {
    const dir = mkdtempSync(join(temp(), 'cfg-'));
    const config = await writeSimulatorConfig(sim(), dir);
    // The user's state folder, as HOME gives it: `passkey enroll` and the runs share it.
    const env = { XDG_STATE_HOME: join(dir, 'state') };
    const history = join(dir, 'history');
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'], now: start });
    const run = async (cfg: string, minutes: number, json: boolean) => {
      vi.setSystemTime(start + minutes * 60_000);
      const io = captureIo(env);
      const args = ['run', '--config', cfg, '--server', IDX_JOURNEY, '--history', history];
      const code = await main(json ? [...args, '--json'] : args, io);
      return { code, out: io.out() };
    };
    const signIn = (out: string) =>
      (JSON.parse(out) as Report).checks.find((c) => c.server === IDX_JOURNEY && c.check === 'sign-in');

    const file = join(dir, 'keys', 'workforce-passkey.json');
    const enrollIo = captureIo(env);
    const enrolled = await main(
      ['passkey', 'enroll', '--config', config, '--journey', IDX_JOURNEY, '--out', file],
      enrollIo,
    );
    expect(enrolled, enrollIo.out() + enrollIo.err()).toBe(0);
    // It says when the passkey is used, within 80 columns (the report and the steps after it alike): only a word
    // longer than that (this test's temporary path) stands alone on a longer line.
    expect(enrollIo.out().replace(/\s+/g, ' ')).toContain(
      'the first run with "authenticator": "passkey" signs in with the passkey at once',
    );
    expect(
      enrollIo
        .out()
        .split('\n')
        .filter((line) => line.length > 80 && / ./.test(line.trim())),
    ).toEqual([]);

    // Left on its TOTP code, a minute later: the enrollment's sign-in is this journey's verdict, repeated.
    const totp = await run(config, 1, true);
    expect(signIn(totp.out)).toMatchObject({ status: 'pass', carried: expect.anything() });

    // Set to the passkey, a minute later: due at once, it signs in with the passkey, not carried.
    const passkeyConfig = withPasskey(config, file);
    const answers = sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer').length;
    const first = await run(passkeyConfig, 2, false);
    expect(first.code, first.out).toBe(0);
    const text = first.out.replace(/\s+/g, ' ');
    expect(text).toContain('Signed in with: password + passkey');
    expect(text).not.toContain('carried');
    expect(text).not.toContain('Google Authenticator');
    expect(sim().requests.filter((r) => r.path === '/idp/idx/challenge/answer').length).toBe(answers + 2);

    // The passkey's own verdict keeps the journey's cadence: a minute later it is repeated, carried, sending nothing.
    const sent = sim().requests.length;
    const again = await run(passkeyConfig, 3, true);
    expect(signIn(again.out)).toMatchObject({ status: 'pass', carried: expect.anything() });
    expect(signIn(again.out)?.observed).toMatchObject({ authenticators: expect.stringContaining('passkey') });
    expect(sim().requests.length).toBe(sent);
  });
});
