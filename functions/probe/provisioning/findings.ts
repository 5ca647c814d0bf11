// A provisioning judgement told as findings, one per app and thing to do: the app's failing cause, its leavers whose
// deactivation failed, its leavers of an app that never deactivates. Each finding names the app by its label and id
// (`item` is the id: stable across renames) and counts; no user, login or reason text exists here to be told.
import type { DiagnosisCode } from '../../contract';
import { finding, type Finding } from '../verdict';
import type { AppJudgement, ProvisioningJudgement } from './judge';
import { LEDGER_LIMITS } from './ledger';
import { causeCodes, type ReasonClass } from './reason';

/** The code of each failing cause: the reason table's (reason.ts). */
export const CAUSE_CODES: Readonly<Record<ReasonClass, DiagnosisCode>> = causeCodes();

/** How long, in the largest whole unit that fits: "40 minutes", "5 hours", "13 days". */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.floor(hours / 24)} days`;
}

const named = (app: AppJudgement): string => `"${app.label}" (${app.appId})`;
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function failingFinding(app: AppJudgement): Finding | undefined {
  const v = app.verdict;
  if (v.state !== 'failing') return undefined;
  const since = new Date(v.firstSeen).toISOString();
  const users = v.users > 0 ? ` for ${plural(v.users, 'user', 'users')}` : '';
  return finding(CAUSE_CODES[v.cause], {
    item: app.appId,
    detail:
      `${named(app)}: ${plural(v.failures, 'failed call', 'failed calls')}${users} since ${since}` +
      `, ${plural(app.succeeded, 'success', 'successes')} in the window` +
      (v.transient ? '; Okta retries these by itself' : ''),
  });
}

/** An app whose open leavers the ledger's bound in all dropped, every one: told, never a silent 0. */
function droppedFinding(app: AppJudgement): Finding {
  return finding(app.deactivates ? 'PROVISIONING_LEAVERS_OPEN' : 'PROVISIONING_NO_DEACTIVATION', {
    item: app.appId,
    detail:
      `${named(app)}: at least 1 leaver may still have an account, not counted: the ledger was full ` +
      `(${LEDGER_LIMITS.openTotal.toLocaleString('en-US')} open leavers in all) and dropped this app's`,
  });
}

function leaverFindings(app: AppJudgement): Finding[] {
  const l = app.leavers;
  if (l.open === 0) return l.dropped ? [droppedFinding(app)] : [];
  const oldest = l.oldestMs === null ? '' : `, the oldest open for ${ageText(l.oldestMs)}`;
  const atLeast = l.atLeast ? 'at least ' : '';
  const out: Finding[] = [];
  if (l.failedDeactivations > 0)
    out.push(
      finding('PROVISIONING_LEAVERS_OPEN', {
        item: app.appId,
        detail:
          `${named(app)}: ${atLeast}${plural(l.failedDeactivations, 'leaver', 'leavers')} whose deactivation ` +
          `failed may still have an account${oldest}`,
      }),
    );
  if (l.neverDeactivates > 0)
    out.push(
      finding('PROVISIONING_NO_DEACTIVATION', {
        item: app.appId,
        detail:
          `${named(app)}: ${atLeast}${plural(l.neverDeactivates, 'leaver', 'leavers')} unassigned from an app ` +
          `that never deactivates may still have an account${oldest}`,
      }),
    );
  return out;
}

/** Every finding of a judgement, failing apps first, each app's in a stable order. */
export function provisioningFindings(judgement: ProvisioningJudgement): Finding[] {
  return [...judgement.apps.flatMap((app) => failingFinding(app) ?? []), ...judgement.apps.flatMap(leaverFindings)];
}
