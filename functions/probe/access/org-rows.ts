// `plan --org`: each row of accessAssertions asked of the org, read-only, before anything is deployed: its app (GET
// /api/v1/apps/{id}, or its label by the run's own look-up, apps.ts), its user (GET /api/v1/users/{id}), each group
// (GET /api/v1/groups/{id}) and its zone (GET /api/v1/zones/{id}), each kind on a token of its own scope from the
// "org" server's client (ACCESS_ORG_SCOPES), so a scope not granted leaves that kind unchecked and no other. Each
// distinct value is asked once, a few at a time, through the inventory's polite reader (a bucket below its reserve is
// left alone). Okta's 404 E0000007 ("Not found: Resource not found: ...", okta-developer-docs reference/error-codes)
// refuses the row at its field; a scope not granted, a role missing, a 429, Okta's 5xx or no answer is never the
// row's fault: that field is "not checked", naming why and what to grant. Never throws.
import { ACCESS_ASSERTIONS, ACCESS_ORG_SCOPES, grantAdvice, isAppId } from '../../contract';
import { codeRow } from '../../diagnosis/registry';
import type { AccessAssertion } from '../../types';
import { InventoryReader, type Read } from '../okta/management-read';
import { inParallel } from '../parallel';
import type { Finding } from '../verdict';
import { readLabels, scopeBearer, type AppsContext, type LabelRead, type ScopeBearer } from './apps';

/** A kind of value a row names, as the org is asked for it. */
type Kind = keyof typeof ACCESS_ORG_SCOPES;

/** Each kind's read, its noun, and where the admin finds the right id. */
const LOOKUPS: Readonly<Record<Kind, { readonly path: string; readonly noun: string; readonly fix: string }>> = {
  app: {
    path: '/api/v1/apps/',
    noun: 'app',
    fix: "copy the app's 0oa... id from Applications > Applications > [app], in the address, or write its label",
  },
  user: {
    path: '/api/v1/users/',
    noun: 'user',
    fix: "copy the person's 00u... id from Directory > People > [person], in the address",
  },
  group: {
    path: '/api/v1/groups/',
    noun: 'group',
    fix: "copy the group's 00g... id from Directory > Groups > [group], in the address",
  },
  zone: {
    path: '/api/v1/zones/',
    noun: 'network zone',
    fix: "copy the zone's nzo... id from Security > Networks > [zone], in the address, or give the row's ip instead",
  },
};

/** One field of a row as the org answered it. */
export interface FieldAsked {
  /** The field's path in the config file: `accessAssertions[2].groups[0]`. */
  readonly field: string;
  readonly value: string;
  /** found: the org has it; refused: the org does not (`words` says so, with the fix); unchecked: not asked. */
  readonly outcome: 'found' | 'refused' | 'unchecked';
  /** Why refused or unchecked, with the fix or what to grant; absent when found. */
  readonly words?: string;
}

/** Every field of every row, in the rows' order, and the tokens the reads were sent with. */
interface RowsAsked {
  readonly fields: readonly FieldAsked[];
  readonly secrets: readonly string[];
}

/** What an asked value came to: its outcome and words, the same for every field that names it. */
type Asked = Pick<FieldAsked, 'outcome' | 'words'>;

/**
 * Why a value was not checked, in words: our setup (the scope, the admin role) with what to grant, or Okta's state (a
 * 429, a 5xx, no answer) with when to ask again. Pure.
 */
export function notChecked(problem: Finding, scope: string): string {
  const detail = problem.detail ?? problem.code;
  switch (codeRow(problem.code).refusal) {
    case 'scope':
      return (
        `not checked: ${scope} is not granted to the "org" server's app (${detail}); our setup, not the row's: ` +
        `grant it in Applications > Applications > [app] > Okta API Scopes`
      );
    case 'role':
      return (
        `not checked: the "org" server's app may not read it (${detail}); our setup, not the row's: give the app ` +
        `${grantAdvice(scope)}`
      );
    default: {
      const status = problem.httpStatus === undefined ? '' : ` (HTTP ${problem.httpStatus})`;
      return `not checked: ${detail}${status}; not the row's fault: run plan --org again later`;
    }
  }
}

/** A value's answer judged: the org has it, Okta's 404 E0000007 says it does not, or it could not be asked. Pure. */
function judgeAsked(kind: Kind, value: string, read: Read<{ readonly body: unknown }>): Asked {
  if (!('problem' in read)) {
    const id = typeof read.body === 'object' && read.body !== null ? (read.body as { id?: unknown }).id : undefined;
    return id === value
      ? { outcome: 'found' }
      : { outcome: 'unchecked', words: `not checked: the answer of ${LOOKUPS[kind].path}{id} is not that ${kind}` };
  }
  const { problem } = read;
  // Only Okta's own "not found" refuses a row: a 404 without its envelope (a proxy's page) is no answer of the org's.
  if (problem.httpStatus === 404 && problem.oktaError === 'E0000007')
    return { outcome: 'refused', words: `${value} is no ${LOOKUPS[kind].noun} of this org: ${LOOKUPS[kind].fix}` };
  return { outcome: 'unchecked', words: notChecked(problem, ACCESS_ORG_SCOPES[kind]) };
}

/** A label's app as the run's look-up found it: refused when the org's answer says so, else unchecked. */
function labelAsked(read: LabelRead | undefined): Asked {
  if (read === undefined) return { outcome: 'unchecked', words: 'not checked: the label was not asked' };
  if ('id' in read) return { outcome: 'found' };
  const { problem } = read;
  if (problem.code === 'ACCESS_ROW_REFUSED') return { outcome: 'refused', words: problem.detail ?? problem.code };
  return { outcome: 'unchecked', words: notChecked(problem, ACCESS_ORG_SCOPES.app) };
}

/** Every value a row names, by its field's path. */
function fieldsOf(rows: readonly AccessAssertion[]): { field: string; kind: Kind; value: string }[] {
  return rows.flatMap((row, i) => {
    const at = `accessAssertions[${i}]`;
    return [
      { field: `${at}.app`, kind: 'app' as const, value: row.app },
      ...(row.user === undefined ? [] : [{ field: `${at}.user`, kind: 'user' as const, value: row.user }]),
      ...(row.groups ?? []).map((group, g) => ({ field: `${at}.groups[${g}]`, kind: 'group' as const, value: group })),
      ...(row.zone === undefined ? [] : [{ field: `${at}.zone`, kind: 'zone' as const, value: row.zone }]),
    ];
  });
}

/** The rows of the "org" server asked of the org: each distinct value once, at most a few reads in flight. */
export async function askRowsOfOrg(ctx: AppsContext): Promise<RowsAsked> {
  const fields = fieldsOf(ctx.server.accessAssertions ?? []);
  const secrets: string[] = [];
  const bearers = new Map<string, ScopeBearer>();
  const bearerOf = (kind: Kind): ScopeBearer => {
    const scope = ACCESS_ORG_SCOPES[kind];
    const known = bearers.get(scope);
    if (known !== undefined) return known;
    const made = scopeBearer(ctx, scope, secrets);
    bearers.set(scope, made);
    return made;
  };
  const byLabel = (f: { kind: Kind; value: string }): boolean => f.kind === 'app' && !isAppId(f.value);
  const labels = [...new Set(fields.filter(byLabel).map((f) => f.value))];
  const ids = [...new Map(fields.filter((f) => !byLabel(f)).map((f) => [`${f.kind}:${f.value}`, f])).values()];
  // The labels first, one at a time as the run reads them, then the ids a few at a time: never more in flight.
  const labelled = labels.length === 0 ? new Map<string, LabelRead>() : await readLabels(ctx, labels, bearerOf('app'));
  const reader = new InventoryReader(ctx, ids.length, 'plan --org');
  const asked = await inParallel(
    ids,
    ACCESS_ASSERTIONS.orgLookupsInFlight,
    async ({ kind, value }): Promise<[string, Asked]> => {
      const key = `${kind}:${value}`;
      const bearer = await bearerOf(kind)();
      if (typeof bearer !== 'string')
        return [key, { outcome: 'unchecked', words: notChecked(bearer, ACCESS_ORG_SCOPES[kind]) }];
      const path = `${LOOKUPS[kind].path}${encodeURIComponent(value)}`;
      return [key, judgeAsked(kind, value, await reader.get(bearer, path, `GET ${LOOKUPS[kind].path}{id}`))];
    },
  );
  const answers = new Map(asked);
  return {
    fields: fields.map(({ field, kind, value }) => {
      const got = byLabel({ kind, value }) ? labelAsked(labelled.get(value)) : answers.get(`${kind}:${value}`);
      return { field, value, ...(got ?? { outcome: 'unchecked' as const, words: 'not checked: not asked' }) };
    }),
    secrets,
  };
}
