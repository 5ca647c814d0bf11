// What the status page knows: each thing watched (a journey, a SAML app, a group of SAML apps, an authorization
// server, the APIs its tokens reach, real users' sign-ins, Okta's own service), its state, since when, and for a
// failure whose fault it is. Built by folding run lines (fold.ts, through page.ts), kept between runs as
// status-model.json (read.ts), shown as HTML (html.ts) and as a versioned JSON document (json.ts). Codes and kinds
// only: never an Okta reason, a detail or a summary, so nothing a page shows can carry a secret or Okta's free text.
import type { DiagnosisCode, FaultOwner, IntegrationRole } from '../contract';

/**
 * The model's own version: a stored model of another version is refused (read.ts) and built again from runs. 2: a
 * fault's owner is the one owner of every reader (FaultOwner: `probe` where 1 said `monitoring`).
 */
export const STATUS_MODEL_VERSION = 2;

/**
 * A kind of thing watched. `provisioning` is a generic part for a check that judges what an app provisions; any
 * check that speaks for something the help desk is asked about is another part of a kind here. `integration` is one
 * of the org's inline hooks or SMS and voice providers, as integration health judges it (its `role` says which).
 * `app` is the app a journey signs in to after Okta's part (signIn[].app), under the journey's id: its refusal is the
 * app's while the journey, Okta's part, works.
 */
export const PART_KINDS = [
  'okta',
  'journey',
  'app',
  'saml-app',
  'saml-group',
  'server',
  'api',
  'user-sign-ins',
  'integration',
  'provisioning',
] as const;
export type PartKind = (typeof PART_KINDS)[number];

/**
 * ok: its last judging run passed; failing: it failed for Okta or the org; unknown: nothing judged it (skipped, not
 * run, our own side's failure, one region's view the quorum does not share).
 */
export type PartState = 'ok' | 'failing' | 'unknown';
export const PART_STATES: readonly PartState[] = ['ok', 'failing', 'unknown'];

/**
 * Why a part is not ok: the diagnosis code (its title from the table, never from Okta) and whose fault it is
 * (ownerOf, the one answer the availability report and the quorum give too).
 */
export interface PartFault {
  readonly code: DiagnosisCode;
  readonly owner: FaultOwner;
}

/**
 * One app that is not ok: of a group of SAML apps, or one Okta cannot provision accounts in, with its fault and since
 * when. A catalogue's every app is named besides, by CatalogueApp.
 */
export interface GroupApp {
  /** The app's label as Okta lists it (escaped wherever it is shown). */
  readonly label: string;
  readonly state: Exclude<PartState, 'ok'>;
  readonly since: string;
  readonly fault: PartFault;
}

/**
 * An app of a catalogue by its label, and what its own last check found: ok when it passed, failing when it did not,
 * unknown when none has judged it (not checked yet, skipped, or checked after the page's time). The help desk finds
 * the app a caller names, working or not, under its catalogue.
 */
export interface CatalogueApp {
  /** Okta's label of a discovered app, the config's name (else id) of a listed one; escaped wherever it is shown. */
  readonly label: string;
  readonly state: PartState;
  /** When that check ran, ISO 8601: absent while none has judged it. */
  readonly checkedAt?: string;
}

/** A catalogue's app as status.json and the page tell it: its state now, and what its own last check found. */
export interface CatalogueAppNow extends CatalogueApp {
  readonly lastKnownState: PartState;
}

/**
 * Whether a catalogue's apps' own last checks tell their state now: only while the catalogue is judged (ok or failing)
 * and the page is current. While it is unknown (a run that reached nothing, as while our own DNS fails; its check
 * skipped or not judged) or the page is stale, nothing was learnt of any app: each is unknown now.
 */
export function catalogueIsCurrent(part: Pick<StatusPart, 'state'>, stale: boolean): boolean {
  return !stale && part.state !== 'unknown';
}

/** A catalogue's apps at the page's time, the one rule status.json and the page both read (catalogueIsCurrent). */
export function catalogueNow(part: Pick<StatusPart, 'state' | 'catalogue'>, stale: boolean): CatalogueAppNow[] {
  const current = catalogueIsCurrent(part, stale);
  return (part.catalogue ?? []).map((app) => ({
    ...app,
    state: current ? app.state : 'unknown',
    lastKnownState: app.state,
  }));
}

/**
 * A browser journey failing on its page while an API journey of its app passed in the same run (pagesBesideApis):
 * the API journey, whose it is, and why not the org's page when it is Okta's (its own asset, its status feed).
 */
export interface PageBeside {
  readonly api: string;
  readonly owner: FaultOwner;
  readonly okta?: 'asset' | 'status';
}

export interface StatusPart {
  /** The config's id (a journey, a SAML app or group, a server), or the kind's own id (`okta`, `user-sign-ins`). */
  readonly id: string;
  readonly kind: PartKind;
  /** People's name for it, from the config ("name"), when the fold was given one; an integration's, Okta's. */
  readonly name?: string;
  /** An integration: what it is to the people it serves (a registration hook, SMS codes). */
  readonly role?: IntegrationRole;
  readonly state: PartState;
  /** When it entered this state, ISO 8601: the first run that saw it so (or the first run that saw it at all). */
  readonly since: string;
  /** When a run last judged it, ISO 8601. */
  readonly checkedAt: string;
  /**
   * While it is unknown because our side could not check it: when it was last judged working, ISO 8601. What was last
   * known, and when, never told as now.
   */
  readonly lastOkAt?: string;
  readonly fault?: PartFault;
  /**
   * A group of SAML apps, or provisioning: the apps that are not ok, the first MOST_GROUP_APPS (for provisioning,
   * MOST_PROVISIONING_APPS), and how many more.
   */
  readonly apps?: readonly GroupApp[];
  readonly moreApps?: number;
  /** A group of SAML apps: every app of it by label (the first MOST_CATALOGUE_APPS, by label), and how many more. */
  readonly catalogue?: readonly CatalogueApp[];
  readonly moreCatalogue?: number;
  /** A browser journey: its page broken while an API journey of its app passed, in the run that judged it. */
  readonly beside?: PageBeside;
}

export interface StatusModel {
  readonly version: typeof STATUS_MODEL_VERSION;
  /** The org probed, from the newest run: it titles the page. */
  readonly orgUrl: string;
  /** The newest run folded in, ISO 8601: the page is stale when it is older than STALE_AFTER_MS. */
  readonly lastRunAt: string;
  /** Runs folded in (capped): a page built from one run says so. */
  readonly runs: number;
  readonly parts: readonly StatusPart[];
}

/** "2026-10-03 10:03 UTC": the minute is what a caller and a review ask for, on the page and in its sentences. */
export const minuteOf = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Real users' sign-ins are one part, whichever server's token reads the System Log. */
export const USER_SIGN_INS_PART = 'user-sign-ins';

/** Provisioning to the org's apps is one part, whichever apps fail: its failing apps are named in it. */
export const PROVISIONING_PART = 'provisioning';

/** More parts than any config watches (run-line-shape.ts's MOST_TARGETS and the kinds' own parts). */
export const MOST_PARTS = 1100;
/** A group's failing apps named; the rest are counted, so a thousand failing apps keep the page and the model small. */
export const MOST_GROUP_APPS = 50;
/**
 * The apps whose provisioning fails named on the page, each with a line for callers; the rest are counted ("and 190
 * more"), so an org of 200 failing apps is ten lines. A run line names as many (RUN_LINE_PROVISIONING_MAX).
 */
export const MOST_PROVISIONING_APPS = 10;
/**
 * A catalogue's apps named by label: as many as a group reads (SAML_GROUP.maxAppLinks), so every app is found by its
 * name; about 40 bytes each in the model.
 */
export const MOST_CATALOGUE_APPS = 10_000;
/** An app label kept (Okta's labels are at most 100 characters; a forged one is cut). */
export const MOST_LABEL = 120;
/** The runs count stops here: it only tells one run from many. */
export const MOST_RUNS = 1_000_000;
/** A part no full run has named for this long is dropped (a server taken out of the config). */
export const FORGET_AFTER_MS = 7 * 24 * 60 * 60_000;
/** The newest run older than this, the page says monitoring is down or stale and claims nothing works. */
export const STALE_AFTER_MS = 5 * 60_000;
