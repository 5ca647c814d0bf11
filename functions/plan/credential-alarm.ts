// The warning that a server is not monitored because its secret still holds the stack's placeholder, past the
// grace period. Kept apart from alarms.ts, which plans the rest, as one small function.
import { liveness, MAINTENANCE_SERVER, METRICS, PLACEHOLDER_GRACE_HOURS } from '../contract';
import type { AlarmTiming } from './alarm-timing';
import type { ProbeMetricAlarm } from './alarm-spec';

/** `<prefix>-credentials-not-put`: warns once while any secret holds the placeholder past the grace period. */
export function credentialsNotPutAlarm(prefix: string, timing: AlarmTiming): ProbeMetricAlarm {
  return {
    kind: 'metric',
    source: 'probe',
    severity: 'warn',
    // A deployment-wide warning: it stays in ALARM while the placeholder stays, so it tells the warn topic once,
    // and OK once the credential is put. Never a page: nothing is known to be wrong with Okta.
    notifies: 'warn',
    name: liveness(prefix).credentialsNotPut,
    metric: METRICS.CredentialsNotPut.name,
    dimensions: { Server: MAINTENANCE_SERVER },
    statistic: 'Maximum',
    comparison: 'greaterThanOrEqual',
    threshold: 1,
    // Published only while a placeholder is overdue: no datapoint is "every credential put".
    missingData: 'notBreaching',
    ...timing.steady,
    description:
      `A server's (or sign-in journey's) secret has held the stack's placeholder for more than ${PLACEHOLDER_GRACE_HOURS} ` +
      `h: its credential checks are N/A, ` +
      ('so it is not monitored and cannot page. Not an Okta problem. Which: the run line\'s "pending" list ' +
        'and the dashboard\'s "Waiting for a credential" table. ') +
      ("Way out: put the credential with the stack output's put-secret-value command; or, after a prefix " +
        'change (the stack made new secrets and kept the ') +
      `old ones), name the kept secret "<old prefix>/<server id>" with secretName in the config and deploy.`,
  };
}
