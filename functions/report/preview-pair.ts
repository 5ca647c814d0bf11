// Each check of the Preview org read beside the same check of Production: what the pair tells. Okta ships each
// release to Preview orgs first and the same weekly build reaches Production about five days later (release notes,
// okta-developer-docs: Preview 2026.09.2 on September 30, Production on October 5), so a check failing in Preview
// alone is the early warning of Production's. Pure: the CLI's report reads it, and nothing here ever pages.
import { DAY_MS, STATUS_SERVER, type CheckName, type DiagnosisCode } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import { codeRow, isAnswer, isEdgeCode, isOurNetwork, previewOwnSetup } from '../diagnosis/registry';
import { verdictOf } from '../plan/verdict';
import type { CheckResult, Report } from '../types';

/** About how long a weekly build takes from Preview to Production (Preview 2026.09.2 on Sep 30, Production Oct 5). */
const PREVIEW_LEAD_DAYS = 5;

/**
 * The verdict of one pair, by the pair table of docs/preview.md: Preview fails alone ("preview-ahead", or
 * "not-mirrored" when the Preview entry asks Okta something Production's does not, or "preview-own" when the failure
 * is of what the Preview entry sets for itself or of our reading of it); Production fails alone
 * ("preview-passes"); both fail (Production's verdict alone); otherwise they agree ("mirrors").
 */
type PairVerdict = 'mirrors' | 'preview-ahead' | 'not-mirrored' | 'preview-own' | 'preview-passes' | 'both-fail';

/** One check of one target in both orgs. */
interface CheckPair {
  /** Production's id of the target (a server, a journey). */
  readonly target: string;
  readonly check: CheckName;
  readonly production: CheckResult['status'];
  readonly preview: CheckResult['status'];
  readonly verdict: PairVerdict;
  /** The failing side's code: Preview's for preview-ahead and not-mirrored, Production's otherwise. */
  readonly code?: DiagnosisCode;
  /** What a person is told of the pair, a warning at most; absent where the pair adds nothing. */
  readonly text?: string;
}

/** The Preview org beside Production: each pair, or that Preview could not be judged at all. */
export interface PreviewComparison {
  readonly orgUrl: string;
  /** Set when Preview was unreachable or Okta's edge failed every check: one warning, no pair judged. */
  readonly unavailable?: string;
  /**
   * Okta's open incident on the Preview cell (preview.oktaCell), while the Preview org's checks still pass: Okta's
   * news, a warning.
   */
  readonly incident?: string;
  readonly pairs: readonly CheckPair[];
}

/** A release of Okta's Preview release notes feed: its version and when it reached Preview orgs (epoch ms). */
interface PreviewRelease {
  readonly version: string;
  readonly at: number;
}

/**
 * What is known of Okta's Preview releases: the feed's releases (with when the feed was read, epoch ms: a read made
 * before a failure began cannot name a release published after it), or why none can be named.
 */
export type PreviewReleases =
  | { readonly releases: readonly PreviewRelease[]; readonly readAt?: number }
  | { readonly unknown: string };

/**
 * Each check the Preview org ran, paired with Production's of the same target. `since`: when each pair's Preview
 * failure began (ISO 8601), by `target/check`; a pair not in it fails since this Preview run.
 */
export function comparePreview(
  production: Report,
  preview: Report,
  config: Pick<PreviewConfig, 'pairs' | 'diverging' | 'inherited'>,
  since: Readonly<Record<string, string>> = {},
  releases: PreviewReleases = { unknown: 'the release notes were not read' },
): PreviewComparison {
  // Okta's status feed speaks of cells, not of the org: the Preview cell's incident is never paired with Production's
  // cell, and never "Production next".
  const checks = preview.checks.filter((result) => result.server !== STATUS_SERVER);
  const incident = cellIncident(preview);
  const failing = checks.some((result) => result.status === 'fail');
  if (incident !== undefined && failing)
    return {
      orgUrl: preview.orgUrl,
      unavailable:
        `Preview unavailable: Okta reports an incident on ${incident}; the Preview org's failures this run are ` +
        "told as Okta's, not as Production next. A warning only: the Preview cell's outage is not Production's",
      pairs: [],
    };
  const unavailable = unavailableText({ ...preview, checks });
  // Our own network reaching neither org (our DNS failing) is never the Preview org's outage: the checks pair as
  // failing in both, and nothing is compared.
  if (unavailable !== undefined && !ourNetworkReachedNeither(production, checks))
    return { orgUrl: preview.orgUrl, unavailable, pairs: [] };
  const byKey = new Map(production.checks.map((result) => [`${result.server}/${result.check}`, result]));
  const pairs = checks.flatMap((ahead): CheckPair[] => {
    const target = config.pairs[ahead.server] ?? ahead.server;
    const prod = byKey.get(`${target}/${ahead.check}`);
    if (prod === undefined) return [];
    const when = since[`${target}/${ahead.check}`] ?? preview.startedAt;
    const entry = { diverging: config.diverging[target] ?? [], inherited: config.inherited?.[target] ?? [] };
    return [pairOf(target, prod, ahead, entry, { since: when, releases })];
  });
  return {
    orgUrl: preview.orgUrl,
    ...(incident !== undefined && {
      incident: `Okta reports an incident on ${incident}; the Preview org's checks pass this run`,
    }),
    pairs,
  };
}

/** Okta's open incident on the Preview cell, from the Preview run's status check: the cell and Okta's words. */
function cellIncident(preview: Report): string | undefined {
  const status = preview.checks.find((result) => result.server === STATUS_SERVER && result.check === 'status');
  if (status?.status !== 'fail' || codeRow(status.diagnosis.code).oktaSays !== true) return undefined;
  const cell = status.observed?.cell;
  const where = typeof cell === 'string' ? cell : "the Preview org's cell";
  return status.diagnosis.detail === undefined ? where : `${where} (${status.diagnosis.detail})`;
}

/**
 * The release a Preview failure started with: the newest of Okta's Preview releases published on or before the
 * failure's first run, or why it is not known.
 */
export function releaseOf(since: string, releases: PreviewReleases): string {
  if ('unknown' in releases) return `release not known: ${releases.unknown}`;
  const began = Date.parse(since);
  const before = releases.releases.filter((release) => release.at <= began).sort((a, b) => b.at - a.at)[0];
  const day = (at: number): string => new Date(at).toISOString().slice(0, 10);
  // A read made before the failure began cannot know a release published between it and the failure.
  if (releases.readAt !== undefined && releases.readAt < began) {
    const read = `${new Date(releases.readAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const newest = before === undefined ? '' : `; the newest they named then was ${before.version} (${day(before.at)})`;
    return (
      `release not known: Okta's Preview release notes were last read at ${read}, before it began, so a newer ` +
      `release may have started it${newest}`
    );
  }
  if (before === undefined) return "release not known: Okta's Preview release notes name no release before it began";
  return (
    `release ${before.version} (Okta's Preview release notes, ${day(before.at)}), the newest before it began, is ` +
    'the one it likely started with'
  );
}

/** One pair's verdict and words, by the table. */
function pairOf(
  target: string,
  production: CheckResult,
  preview: CheckResult,
  { diverging, inherited }: { readonly diverging: readonly string[]; readonly inherited: readonly string[] },
  when: { readonly since: string; readonly releases: PreviewReleases },
): CheckPair {
  const base = { target, check: production.check, production: production.status, preview: preview.status };
  const prodFails = production.status === 'fail';
  if (preview.status === 'fail' && !prodFails) {
    const { code } = preview.diagnosis;
    if (diverging.length > 0) {
      return {
        ...base,
        verdict: 'not-mirrored',
        code,
        text:
          `Preview no longer mirrors Production for ${target} ${preview.check}: its Preview entry sets ` +
          `${diverging.join(', ')}, which Production's does not ask, so ${code} there may be the Preview ` +
          `config's and not Okta's next release; make the Preview org's values match Production's`,
      };
    }
    // The registry's subjects: the entry's own app, grants, credential and user, or a value it leaves to be derived
    // from its own org (an issuer); and a failure every view tells as judging nothing of Okta (verdictOf: ours, or
    // Okta's announced operations).
    const judgedNothing = verdictOf(preview.check, code, undefined, undefined, preview.diagnosis.severity).state;
    if (previewOwnSetup(code, inherited) || judgedNothing === 'unknown')
      return {
        ...base,
        verdict: 'preview-own',
        code,
        text:
          `Fails in Preview only, for the Preview org's own setup: ${target} ${preview.check}: ${code} is of what ` +
          'the Preview entry sets for itself (its app, credential or synthetic user) or of our reading of it, not ' +
          "a sign of Okta's next release; fix it in the Preview org or its entry",
      };
    return { ...base, verdict: 'preview-ahead', code, text: aheadText(target, preview, when) };
  }
  if (prodFails && (preview.status === 'pass' || preview.status === 'n/a')) {
    return {
      ...base,
      verdict: 'preview-passes',
      code: production.diagnosis.code,
      text:
        `Preview passes ${target} ${preview.check}: the cause of ${production.diagnosis.code} is Production's ` +
        `own (its configuration, or an outage of its cell), not a release both orgs run`,
    };
  }
  if (prodFails && preview.status === 'fail') return { ...base, verdict: 'both-fail', code: production.diagnosis.code };
  return { ...base, verdict: 'mirrors' };
}

/** "Fails in Preview since <time>: Production next", with the code, Okta's own reason and when Production follows. */
function aheadText(
  target: string,
  preview: Extract<CheckResult, { status: 'fail' }>,
  { since, releases }: { readonly since: string; readonly releases: PreviewReleases },
): string {
  const { code, summary, detail, systemLog } = preview.diagnosis;
  const next = new Date(Date.parse(since) + PREVIEW_LEAD_DAYS * DAY_MS).toISOString().slice(0, 10);
  // An access assertion's change is an admin's in the Preview org or Okta's release: who gets what, named by its row.
  const head =
    preview.check === 'access-assertion'
      ? `Preview changed access for ${preview.diagnosis.item ?? 'the access assertions'}: Production next. Fails in ` +
        `Preview since ${since}. `
      : `Fails in Preview since ${since}: Production next. `;
  return [
    `${head}${target} ${preview.check}: ${code}: ` + summary.replace(/\.$/, ''),
    // What this run saw (the form an IDX journey could not follow, the scope missing): the warning names it.
    ...(detail !== undefined ? [`Seen in the Preview org: ${detail.replace(/\.$/, '')}`] : []),
    ...(systemLog?.reason !== undefined ? [`Okta's reason in the Preview org's System Log: ${systemLog.reason}`] : []),
    `A weekly build reaches Production about ${PREVIEW_LEAD_DAYS} days after Preview: around ${next}, if ` +
      `this is a release; ${releaseOf(since, releases)}`,
  ].join('. ');
}

/**
 * Checks read from whatever answers the run got (the Date header, the rate-limit headers, the certificate): an edge
 * answering 503 to everything still passes them, so they never show that the Preview org answered.
 */
const PASSIVE_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['clock', 'rate-limit', 'certificate']);

/**
 * Whether our own network reached neither org: in each, no check that shows an answer passed, and every answer failed
 * at our own edge (DNS, a refused connection, a proxy: isOurNetwork). Without Production's verdicts, or with one of
 * them reached, the Preview org's failures may be its own.
 */
function ourNetworkReachedNeither(production: Report, previewChecks: readonly CheckResult[]): boolean {
  const reachedNothing = (results: readonly CheckResult[]): boolean => {
    const ran = results.filter(
      (result) =>
        result.server !== STATUS_SERVER &&
        !PASSIVE_CHECKS.has(result.check) &&
        (result.status === 'pass' || result.status === 'fail'),
    );
    if (ran.some((result) => result.status === 'pass')) return false;
    // Our reading failing beside it (a list unread) is what such an outage causes too, as unavailableText reads it.
    const answers = ran.flatMap((result) => (result.status === 'fail' ? [result.diagnosis.code] : [])).filter(isAnswer);
    return answers.length > 0 && answers.every(isOurNetwork);
  };
  return reachedNothing(production.checks) && reachedNothing(previewChecks);
}

/**
 * Preview could not be judged: no check passed and every failure is the edge's or the network's (the registry's edge
 * layer). A failure of our own reading (a hook list or the domains unread, a log throttled: the registry's reading
 * layer) is what such an outage causes too: it neither shows that Preview answered nor defeats the rule. Said once, a
 * warning, never a page and never counted in the availability report.
 */
function unavailableText(preview: Report): string | undefined {
  const ran = preview.checks.filter(
    (result) => !PASSIVE_CHECKS.has(result.check) && (result.status === 'pass' || result.status === 'fail'),
  );
  if (ran.length === 0 || ran.some((result) => result.status === 'pass')) return undefined;
  const all = ran.map((result) => (result.status === 'fail' ? result.diagnosis.code : undefined));
  const answers = all.filter((code) => code === undefined || isAnswer(code));
  if (answers.length === 0 || !answers.every((code) => code !== undefined && isEdgeCode(code))) return undefined;
  const codes = new Set(answers);
  return (
    `Preview unavailable: ${preview.orgUrl} answered no check (${[...codes].join(', ')}); nothing is compared ` +
    "with Production this run. A warning only: the Preview org's outage is not Production's"
  );
}
