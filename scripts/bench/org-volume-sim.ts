// The simulator for `npm run bench:org-volume`, in a process of its own so the probe's memory is measured alone: an org
// of `people` people making `perMinute` sign-ins a minute, its config written to `dir`; prints the config's path and
// serves until the parent closes its stdin.
import { writeSimulatorConfig } from '../../sim/config';
import { startSimulator } from '../../sim/server';

const [dir = '', people = '10000', perMinute = '476'] = process.argv.slice(2);
const sim = await startSimulator({
  scenario: 'user-sign-ins-healthy',
  signInVolume: { people: Number(people), perMinute: Number(perMinute) },
});
process.stdout.write(`${await writeSimulatorConfig(sim, dir)}\n`);
process.stdin.resume();
process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
