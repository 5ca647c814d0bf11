// status.json: the page's facts for a ServiceNow or Slack integration, in a documented shape with its version
// (docs/status-page.md): a rendering of the model at a time (stale, every state unknown), never read back. No HTML
// and no Okta text: codes, the table's titles, the table's caller sentences, and the config's ids and Okta's app
// labels as plain strings.
import type { FaultOwner } from '../contract';
import { DIAGNOSES } from '../diagnosis/table';
import { callerSentence, provisioningAppSentence, STALE_SENTENCE } from './caller';
import {
  catalogueNow,
  STALE_AFTER_MS,
  type CatalogueAppNow,
  type GroupApp,
  type PartFault,
  type PartKind,
  type PartState,
  type StatusModel,
  type StatusPart,
} from './model';
import type { PreviewLine } from './preview';

/**
 * The document's version, checked by a reader first: a member added keeps it, a member changed bumps it. 2: a
 * fault's `owner` is `probe` (our monitoring's own side) where 1 said `monitoring`, the owner every reader gives. 3: a
 * catalogue app's `state` is its state now, as a part's (`unknown` while its group is), where 2 gave what its last
 * check found, which `lastKnownState` now gives.
 */
export const STATUS_JSON_VERSION = 3;

/** What the page says overall: stale above every state, then failing, unknown, ok. */
export type Overall = PartState | 'stale';

interface JsonFault {
  readonly owner: FaultOwner;
  readonly code: string;
  readonly title: string;
}

interface JsonPart {
  readonly kind: PartKind;
  readonly id: string;
  /** People's name for it from the config, or null. */
  readonly name: string | null;
  /** `unknown` whenever the page is stale: a stopped probe never reads as working. */
  readonly state: PartState;
  /** What the last run found, stale or not. */
  readonly lastKnownState: PartState;
  readonly since: string;
  readonly checkedAt: string;
  /** While unknown because our side could not check it: when it was last judged working. */
  readonly lastOkAt?: string;
  readonly fault: JsonFault | null;
  readonly caller: string;
  readonly apps?: {
    readonly notOk: number;
    /** Provisioning's apps each carry their own `caller` sentence: what a caller misses depends on the app. */
    readonly named: readonly (Omit<GroupApp, 'fault'> & { readonly fault: JsonFault; readonly caller?: string })[];
  };
  /**
   * A group of SAML apps: every app by label, its `state` now as a part's (`unknown` while the group is unknown or the
   * page stale: catalogueNow) and what its own last check found as `lastKnownState`, with when.
   */
  readonly catalogue?: readonly CatalogueAppNow[];
  /** Apps of the catalogue past the first 10,000, not named. */
  readonly moreCatalogue?: number;
}

export interface StatusJson {
  readonly version: typeof STATUS_JSON_VERSION;
  readonly generatedAt: string;
  readonly lastRunAt: string;
  /** Runs folded in (capped at a million): a page built from one run says little of since when. */
  readonly runs: number;
  readonly stale: boolean;
  readonly staleAfterSeconds: number;
  readonly overall: Overall;
  readonly orgUrl: string;
  readonly parts: readonly JsonPart[];
  /**
   * With a `preview` block: the Preview org's line, never a part and never in `overall`. `state` is `ahead`,
   * `unavailable`, `mirrors`, `not-compared` (no check passed in both orgs), `not-checked` or `stale` (its summary
   * older than 3 of its periods).
   */
  readonly preview?: PreviewLine;
}

/** Whether the newest run is more than STALE_AFTER_MS older than `at`: the page then claims nothing works. */
export function isStale(model: Pick<StatusModel, 'lastRunAt'>, at: Date): boolean {
  const last = Date.parse(model.lastRunAt);
  return !(at.getTime() - last <= STALE_AFTER_MS);
}

/** The page's word for everything: stale first, then the worst state of any part. */
export function overallOf(model: StatusModel, at: Date): Overall {
  if (isStale(model, at)) return 'stale';
  const states = new Set(model.parts.map((p) => p.state));
  return states.has('failing') ? 'failing' : states.has('unknown') || states.size === 0 ? 'unknown' : 'ok';
}

function jsonFault(fault: PartFault): JsonFault {
  return { owner: fault.owner, code: fault.code, title: DIAGNOSES[fault.code].title };
}

function jsonPart(part: StatusPart, stale: boolean): JsonPart {
  return {
    kind: part.kind,
    id: part.id,
    name: part.name ?? null,
    state: stale ? 'unknown' : part.state,
    lastKnownState: part.state,
    since: part.since,
    checkedAt: part.checkedAt,
    ...(part.lastOkAt !== undefined && { lastOkAt: part.lastOkAt }),
    fault: part.fault !== undefined ? jsonFault(part.fault) : null,
    caller: stale ? STALE_SENTENCE : callerSentence(part),
    ...((part.kind === 'saml-group' || part.kind === 'provisioning') && {
      apps: {
        notOk: (part.apps?.length ?? 0) + (part.moreApps ?? 0),
        named: (part.apps ?? []).map((app) => ({
          ...app,
          fault: jsonFault(app.fault),
          ...(part.kind === 'provisioning' && { caller: stale ? STALE_SENTENCE : provisioningAppSentence(app) }),
        })),
      },
    }),
    ...(part.catalogue !== undefined && { catalogue: catalogueNow(part, stale) }),
    ...(part.moreCatalogue !== undefined && { moreCatalogue: part.moreCatalogue }),
  };
}

/** The model as status.json at `at`. */
export function statusJson(model: StatusModel, at: Date, preview?: PreviewLine): StatusJson {
  const stale = isStale(model, at);
  return {
    version: STATUS_JSON_VERSION,
    generatedAt: at.toISOString(),
    lastRunAt: model.lastRunAt,
    runs: model.runs,
    stale,
    staleAfterSeconds: STALE_AFTER_MS / 1000,
    overall: overallOf(model, at),
    orgUrl: model.orgUrl,
    parts: model.parts.map((part) => jsonPart(part, stale)),
    ...(preview !== undefined && { preview }),
  };
}
