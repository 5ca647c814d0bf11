// The runbook text an alarm carries in its description: meaning, likely causes (the diagnosis codes' titles) and
// first steps, within CloudWatch's 1,024 characters.
import { DIAGNOSES } from '../diagnosis';
import type { CheckName, DiagnosisCode } from '../contract';
import type { ToldRunbook } from './check-row';
import type { AlarmTiming, AlarmWindow } from './alarm-timing';

/** CloudWatch's limit on AlarmDescription. */
const MAX_DESCRIPTION = 1024;

export function truncate(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

export function likelyCauses(codes: readonly DiagnosisCode[]): string {
  return codes.map((code) => `${code} (${DIAGNOSES[code].title})`).join('; ');
}

const FIRST_STEPS =
  'First steps: open the dashboard\'s "Latest failures" table (Logs Insights on the probe\'s log group): ' +
  'each failure carries its diagnosis code, remedy and X-Okta-Request-Id for an Okta support ticket.';

/**
 * A CheckSuccess alarm's description: the row's runbook (check-row.ts SuccessOutput), and when it fires. `browser`:
 * a "browser" journey's, run by the browser function, whose stop warns (its heartbeat) rather than pages.
 */
export function checkDescription(
  server: string,
  check: CheckName,
  runbook: ToldRunbook,
  window: AlarmWindow,
  timing: AlarmTiming,
  browser = false,
): string {
  const onePage = window.datapointsToAlarm === 1 && window.evaluationPeriods === 1;
  const runs = onePage
    ? 'one failing run (a transient failure is already retried inside the run); one passing run clears it'
    : `${window.datapointsToAlarm} failing runs of the last ${window.evaluationPeriods}`;
  const within = onePage ? timing.pageWithinMinutes : timing.warnWithinMinutes;
  const missingText =
    ` Fires on ${runs}, within ${within} min of the failure's start. A run without a datapoint (lost, or the ` +
    `check skipped after a failed step) keeps this alarm's state: ` +
    'never a pass, never a page; ' +
    (browser
      ? `the browser function runs every ${timing.periodMinutes} min, and its stop warns (heartbeat-browser).`
      : 'a stopped probe pages "probe down" instead.') +
    (onePage
      ? ' During a maintenance window the probe withholds its failing datapoints (the run log says "withheld": ' +
        '"maintenance").'
      : '');
  return truncate(
    `${server}/${check}: ${runbook.meaning}${missingText} Likely causes: ${likelyCauses(runbook.causes)}. ${FIRST_STEPS}`,
  );
}
