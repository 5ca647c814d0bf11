// The inventory as the registry runs it. `inventory` reads every kind the "org" server's scopes ask for,
// all at once, through one session, every `inventoryEveryMinutes`: as the sign-in journeys keep their cadence, a
// warm Lambda remembers the last read and the runs in between repeat it without a request. Each kind's check then
// judges its part: a diagnosis per item that needs action, the most urgent (page findings first) leading.
import { INVENTORY, INVENTORY_SCOPES, type InventoryKind } from '../../contract';
import type { InventoryConfig } from '../../config/inventory';
import type { ProbeConfig } from '../../types';
import { keepUntilDue, keptWhileNotDue } from '../cadence';
import type { ServerContext } from '../context';
import {
  judged,
  notApplicable,
  pass,
  skip,
  type Finding,
  type Judged,
  type Judgement,
  type Observed,
  type Verdict,
} from '../verdict';
import { LogSession } from '../okta/log-session';
import { HOOK_DELIVERY_FILTER } from './event-hooks';
import { STREAM_DEACTIVATE_FILTER } from './log-streams';
import { KIND_READS } from './fetch';
import { verdictOf } from '../../plan/verdict';
import { codeRow, familyOf } from '../../diagnosis/registry';
import type { KindResult } from '../okta/item';
import { InventorySession, kindsOf } from './session';

/** What the inventory check hands each kind's check. */
export interface InventoryRun extends Judged {
  readonly kinds: Partial<Record<InventoryKind, KindResult>>;
}

/** The warm Lambda's memory of the last read, kept until the inventory is next due (probe/cadence.ts). */
export const LAST_KEY = 'inventory-last';

/** The inventory's run: the last read, carried, while not due; else a new read of every kind. Never throws. */
export async function runInventory(
  ctx: ServerContext & { readonly config: InventoryConfig & Partial<Pick<ProbeConfig, 'samlApps' | 'orgUrl'>> },
): Promise<InventoryRun> {
  const now = ctx.now();
  const last = keptWhileNotDue<InventoryRun['kinds']>(ctx.cache, LAST_KEY, now);
  if (last !== undefined)
    return {
      judgement: readJudgement(last.value, { lastRead: new Date(last.at).toISOString(), repeated: true }),
      kinds: last.value,
      carried: { judgedAt: last.at },
    };
  const secrets: string[] = [];
  const settings = ctx.config;
  const session = new InventorySession(ctx, settings, secrets);
  // The hooks' failed deliveries, with "systemLog": one bounded read of the last hour on a token of okta.logs.read.
  const log = ctx.server.systemLog === true ? new LogSession(ctx, secrets) : undefined;
  const hookDeliveries =
    log === undefined
      ? undefined
      : () =>
          log.read({
            filter: HOOK_DELIVERY_FILTER,
            since: new Date(now - INVENTORY.hookLookbackMinutes * 60_000).toISOString(),
            until: new Date(now).toISOString(),
          });
  const streamDeactivations =
    log === undefined
      ? undefined
      : (since: string) => log.read({ filter: STREAM_DEACTIVATE_FILTER, since, until: new Date(now).toISOString() });
  const read = await Promise.all(
    kindsOf(ctx.server.scopes).map(
      async (kind) =>
        [
          kind,
          await KIND_READS[kind](session, {
            now,
            ...(hookDeliveries !== undefined && { hookDeliveries }),
            ...(streamDeactivations !== undefined && { streamDeactivations }),
            ...(settings.samlApps !== undefined &&
              settings.orgUrl !== undefined && { listed: { apps: settings.samlApps, orgUrl: settings.orgUrl } }),
          }),
        ] as const,
    ),
  );
  const kinds = Object.fromEntries(read) as InventoryRun['kinds'];
  const requests = session.reader.requests + (log?.requests ?? 0);
  keepUntilDue(ctx.cache, LAST_KEY, kinds, now, settings.inventoryEveryMinutes);
  return { judgement: readJudgement(kinds, { lastRead: new Date(now).toISOString(), requests }), kinds, secrets };
}
/**
 * The inventory's own row: what the read covered. A read that got no kind at all is not a pass ("PASS
 * inventory, requests: 0" sat above six skipped kinds): it is skipped, with why; each kind says its own part.
 */
export function readJudgement(kinds: InventoryRun['kinds'], observed: Observed): Judgement {
  const results = Object.values(kinds);
  const read = results.filter((result) => !('unavailable' in result)).length;
  if (results.length > 0 && read === 0) {
    const causes = [
      ...new Set(results.flatMap((result) => ('unavailable' in result ? [result.unavailable.code] : []))),
    ];
    return skip(`no kind could be read (${causes.join(', ')}): each kind's line says why`, observed);
  }
  return pass({ ...observed, kindsRead: `${read} of ${results.length}` });
}

/** A kind's check, on what the inventory read. */
export function judgeKind(kind: InventoryKind, run: InventoryRun): Judged {
  const result = run.kinds[kind];
  if (result === undefined) {
    if ('notRun' in run.judgement) return judged(skip(`inventory skipped: ${run.judgement.reason}`));
    return judged(notApplicable(`${INVENTORY_SCOPES[kind]} is not in this server's scopes`));
  }
  if ('unavailable' in result) {
    const found = result.unavailable;
    // The inventory's own reading (scope, role, bucket) is this kind's warning; the org token failing is the token
    // check's.
    if (familyOf(found.code) === 'inventory' && codeRow(found.code).refusal !== undefined)
      return withProvisioning(judged({ diagnosis: found }), result);
    return judged(
      skip(`the inventory could not read it: ${found.code}${found.detail === undefined ? '' : ` (${found.detail})`}`),
    );
  }
  return withProvisioning(judged(kindVerdict(kind, result.findings, result.observed)), result);
}

/** A kind's judgement with the listed SAML apps its listing says provision users (app-certificates'), if any. */
const withProvisioning = (run: Judged, result: KindResult): Judged =>
  result.provisioning !== undefined && result.provisioning.length > 0
    ? { ...run, provisioning: result.provisioning }
    : run;

/**
 * A diagnosis per item that needs action: the most urgent leads, the others follow. Urgent is what the kind's alarms
 * page for (the registry's rows: an expired certificate or token still in use, a token whose owner is gone, an agent
 * pool with no agent left); every other finding warns.
 */
export function kindVerdict(kind: InventoryKind, findings: readonly Finding[], observed: Observed): Verdict {
  const pages = (found: Finding): boolean =>
    verdictOf(kind, found.code, undefined, undefined, found.severity).severity === 'page';
  const [first, ...also] = [...findings].sort((a, b) => Number(pages(b)) - Number(pages(a)));
  if (first === undefined) return pass(observed);
  return { diagnosis: first, ...(also.length > 0 && { also }), observed: { ...observed, items: findings.length } };
}
