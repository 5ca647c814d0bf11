// Run by test/functions/cli/history.test.ts in a child whose file-size limit (ulimit -f) stands for a full disk:
// appends run lines to the folder given until a write fails, and says how many were kept and why it stopped.
import { appendRunLine } from '../../functions/cli/history';
import { simulateMonth } from '../../sim/month';

const lines = simulateMonth({ month: '2026-10', servers: ['default'], events: [] }).slice(0, 200);
let kept = 0;
let error = '';
for (const line of lines) {
  try {
    appendRunLine(process.argv[2] as string, line);
    kept += 1;
  } catch (caught) {
    error = (caught as Error).message;
    break;
  }
}
process.stdout.write(JSON.stringify({ kept, error }));
