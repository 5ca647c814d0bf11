// A row of accessAssertions may name its app by label: the simulation takes the app's id (appInstance), so each label
// is looked up in the org's apps, `GET /api/v1/apps?q=<label>` (okta.apps.read; Okta's listApplications: `q` matches
// the start of an app's name or label), one page, and kept by its label for ACCESS_ASSERTIONS.labelEveryMinutes.
// The token of okta.apps.read is asked only when a label is not kept, apart from the simulation's: a missing grant
// refuses the label rows alone. A label no app has, or more than one has, refuses its row with the fix (its id);
// the other rows are simulated as usual.
import { ACCESS_ASSERTIONS, APPS_SCOPE, isAppId } from '../../contract';
import { readThrough } from '../../cache/read-through';
import type { AccessAssertion, CheckItem } from '../../types';
import type { ServerContext } from '../context';
import { InventoryReader } from '../okta/management-read';
import { runToken } from '../okta/token';
import { finding, findingOf, type Finding, type Judged } from '../verdict';

export type AppsContext = Pick<
  ServerContext,
  'server' | 'endpoints' | 'exchange' | 'credential' | 'cache' | 'now' | 'orgServer'
>;

const WHAT = 'GET /api/v1/apps?q={label}';

/**
 * A label's app: its id, or why the row cannot be simulated: `problem`'s code ACCESS_ROW_REFUSED when the org's answer
 * refuses the label (no app has it, or several do), another code when the org could not be asked.
 */
export type LabelRead = { readonly id: string } | { readonly problem: Finding };

/** A token of one scope for a Management API read, asked once however many reads wait for it; or why none. */
export type ScopeBearer = () => Promise<string | Finding>;

/** The bearer of one scope on the "org" server's client, asked at most once; its token added to `secrets`. */
export function scopeBearer(ctx: AppsContext, scope: string, secrets: string[]): ScopeBearer {
  let token: Promise<string | Finding> | undefined;
  return () =>
    (token ??= runToken({ ...ctx, server: { ...ctx.server, scopes: [scope] } }).then((t) => {
      if (t.accessToken === undefined)
        return findingOf(t) ?? finding('ACCESS_UNREAD', { detail: `no token for ${scope}` });
      secrets.push(t.accessToken);
      return t.accessToken;
    }));
}

/** The apps of an answer whose label is `label` (Okta's labels are not unique; their case is the admin's). */
export function appsLabelled(items: readonly unknown[], label: string): string[] {
  const wanted = label.trim().toLowerCase();
  return items.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, label: its } = item as { id?: unknown; label?: unknown };
    return typeof id === 'string' && isAppId(id) && typeof its === 'string' && its.trim().toLowerCase() === wanted
      ? [id]
      : [];
  });
}

/** The answer's apps judged for one label: its one app, none, or several. */
function judgeLabel(items: readonly unknown[], label: string): LabelRead {
  const ids = appsLabelled(items, label);
  if (ids.length === 1) return { id: ids[0]! };
  const fix = `write the app's 0oa... id (Applications > Applications > [app], in the address) instead`;
  return {
    problem: finding('ACCESS_ROW_REFUSED', {
      detail:
        ids.length === 0
          ? `${WHAT}: no app of the org is labelled "${label}" (among the ${items.length} whose name or label ` +
            `starts so): check the label as Applications > Applications shows it, or ${fix}`
          : `${WHAT}: ${ids.length} apps are labelled "${label}" (${ids.join(', ')}): ${fix}`,
    }),
  };
}

/**
 * Each label of the rows to its app, read once (or kept), on `tokenOf`'s token of okta.apps.read, asked only when a
 * label is not kept: the run's, and `plan --org`'s.
 */
export async function readLabels(
  ctx: AppsContext,
  labels: readonly string[],
  tokenOf: ScopeBearer,
): Promise<Map<string, LabelRead>> {
  const reader = new InventoryReader(ctx, labels.length, 'the access assertions');
  const cadence = {
    everyMinutes: ACCESS_ASSERTIONS.labelEveryMinutes,
    againMinutes: (read: LabelRead) => ('problem' in read ? 0 : undefined),
  };
  const read = new Map<string, LabelRead>();
  for (const label of labels) {
    const kept = await readThrough(ctx.cache, `access-assertion:app:${label}`, ctx.now(), cadence, async () => {
      const bearer = await tokenOf();
      if (typeof bearer !== 'string')
        return {
          problem: {
            ...bearer,
            detail: `the token for ${APPS_SCOPE}, which finds an app by its label: ${bearer.detail ?? bearer.code}`,
          },
        };
      const path = `/api/v1/apps?${new URLSearchParams({ q: label, limit: String(ACCESS_ASSERTIONS.labelMatches) })}`;
      const answer = await reader.list(bearer, path, WHAT, 1, ACCESS_ASSERTIONS.labelMatches);
      if ('problem' in answer) return { problem: answer.problem };
      return judgeLabel(answer.items, label);
    });
    read.set(label, kept.value);
  }
  return read;
}

/**
 * The run's findings naming each row's app as the row wrote it: a label stays the label (the notification's words,
 * and the Preview org's pairing, whose app of that label has another id).
 */
function asWritten(judged: Judged, rows: readonly AccessAssertion[]): Judged {
  const verdict = judged.judgement;
  if ('notRun' in verdict || verdict.diagnosis === null) return judged;
  const written = new Map(rows.map((row) => [row.id, row.app]));
  const named = (found: Finding): Finding => {
    const id = found.item === undefined ? undefined : /^(\S+) \(app [^)]*\)$/.exec(found.item)?.[1];
    const app = id === undefined ? undefined : written.get(id);
    return id === undefined || app === undefined ? found : { ...found, item: `${id} (app ${app})` };
  };
  return {
    ...judged,
    judgement: {
      ...verdict,
      diagnosis: named(verdict.diagnosis),
      ...(verdict.also !== undefined && { also: verdict.also.map(named) }),
    },
  };
}

/**
 * The access-assertion check with its rows' labels resolved: `run` gets the rows whose app is an id or a label of
 * one app (each with its id), and the rows whose label was not resolved are told beside its answer, each by its own
 * finding.
 */
export async function withAppIds(
  ctx: AppsContext,
  run: (rows: readonly AccessAssertion[]) => Promise<Judged>,
): Promise<Judged> {
  const rows = ctx.server.accessAssertions ?? [];
  const labels = [...new Set(rows.map((r) => r.app).filter((app) => !isAppId(app)))];
  if (labels.length === 0) return run(rows);
  const secrets: string[] = [];
  const read = await readLabels(ctx, labels, scopeBearer(ctx, APPS_SCOPE, secrets));
  const refused: { row: AccessAssertion; problem: Finding }[] = [];
  const simulated: AccessAssertion[] = [];
  for (const row of rows) {
    const app = isAppId(row.app) ? { id: row.app } : read.get(row.app);
    if (app === undefined) continue;
    if ('problem' in app) refused.push({ row, problem: { ...app.problem, item: `${row.id} (app ${row.app})` } });
    else simulated.push({ ...row, app: app.id });
  }
  if (refused.length === 0) {
    const judged = await run(simulated);
    return { ...asWritten(judged, rows), secrets: [...(judged.secrets ?? []), ...secrets] };
  }
  const at = new Date(ctx.now()).toISOString();
  const items: CheckItem[] = refused.map(({ row, problem }) => ({
    item: row.id,
    status: 'warn',
    code: problem.code,
    lastChecked: at,
    carried: false,
  }));
  const findings = refused.map((r) => r.problem);
  const judged = simulated.length === 0 ? undefined : asWritten(await run(simulated), rows);
  const verdict = judged?.judgement;
  const order = new Map(rows.map((row, i) => [row.id, i]));
  const allItems = [...(judged?.items ?? []), ...items].sort(
    (a, b) => (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0),
  );
  const others = verdict === undefined || 'notRun' in verdict ? [] : [verdict.diagnosis, ...(verdict.also ?? [])];
  // A weaker row stays the diagnosis: a refused label warns, never above the security finding.
  const [first, ...also] = [...others.filter((f): f is Finding => f !== null), ...findings];
  const observed = {
    ...(verdict?.observed ?? {}),
    rows: rows.length,
    labelsUnresolved: refused.length,
  };
  return {
    judgement: { diagnosis: first ?? null, ...(also.length > 0 && { also }), observed },
    items: allItems,
    secrets: [...(judged?.secrets ?? []), ...secrets],
  };
}
