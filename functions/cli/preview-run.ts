// `run` with a `preview` block: the Preview org probed by the same engine on the config derived from Production's,
// then each of its checks read beside Production's (functions/report/preview-pair.ts). Preview never changes the
// run's exit code, its JUnit or its history line: a Preview failure is a warning for the morning, never a page.
import type { CheckName } from '../contract';
import type { PreviewConfig } from '../config/preview-shape';
import { resolveLocalCredentials } from '../credentials/local';
import { secretValues, userSecretValues } from '../credentials/secret-values';
import { resolveLocalUsers } from '../credentials/user-secrets';
import type { JourneyStateStore } from '../probe/sign-in/store';
import { runProbe } from '../probe/engine';
import { comparePreview, type PreviewComparison } from '../report/preview-pair';
import { redactAll } from '../text/redact';
import { terminalSafe } from '../text/terminal';
import { wrap } from '../text/wrap';
import type { Report } from '../types';

/** What `run` needs to probe the Preview org: its config, its own journeys' state (its users are not Production's). */
export interface PreviewRun {
  readonly config: PreviewConfig;
  readonly journeyState: JourneyStateStore;
}

/** The Preview org's run, with the secrets its outputs are scrubbed of. */
interface PreviewProbed {
  readonly config: PreviewConfig;
  readonly report: Report;
  readonly secrets: readonly string[];
}

/** One cycle of the Preview org, with the checks `run --check` named (the Preview org has the same). */
export async function probePreview(
  run: PreviewRun | undefined,
  env: NodeJS.ProcessEnv,
  checks: ReadonlySet<CheckName> | undefined,
): Promise<PreviewProbed | undefined> {
  if (run === undefined) return undefined;
  const probe = run.config.probe;
  const credentials = resolveLocalCredentials(probe, env);
  const users = resolveLocalUsers(probe, env);
  const scrubbed: string[] = [];
  const report = await runProbe(probe, {
    credentials,
    users,
    scrubbed,
    journeyState: run.journeyState,
    ...(checks !== undefined && { checks }),
  });
  return {
    config: run.config,
    report,
    secrets: [...secretValues(credentials), ...userSecretValues(users), ...scrubbed],
  };
}

/** Every secret of both runs, and the pairs of the two scrubbed of them (none without a Preview org). */
export function previewComparison(
  production: Report,
  preview: PreviewProbed | undefined,
  own: readonly string[],
): { readonly secrets: readonly string[]; readonly compared?: PreviewComparison } {
  const secrets = [...new Set([...own, ...(preview?.secrets ?? [])])];
  if (preview === undefined) return { secrets };
  return { secrets, compared: redactAll(comparePreview(production, preview.report, preview.config), secrets) };
}

/**
 * The Preview section of the text report: each pair that tells something, a warning at most, and how many mirror
 * Production; "Preview unavailable" alone when the Preview org answered nothing.
 */
export function previewText(comparison: PreviewComparison, width: number): string {
  const head = `Preview: ${terminalSafe(comparison.orgUrl)} (warnings only, never a page)`;
  // The label in the table's column, the words wrapped under their first word, as the report's details are.
  const said = (text: string, label: string): string[] =>
    wrap(terminalSafe(text), width - 8, '').map((line, i) => (i === 0 ? `  ${label}  ${line}` : `        ${line}`));
  if (comparison.unavailable !== undefined) return [head, ...said(comparison.unavailable, 'WARN'), ''].join('\n');
  const told = comparison.pairs.filter((pair) => pair.text !== undefined);
  const mirrored = comparison.pairs.filter((pair) => pair.verdict === 'mirrors').length;
  const bothFail = comparison.pairs.filter((pair) => pair.verdict === 'both-fail').length;
  const lines = told.flatMap((pair) => said(pair.text ?? '', pair.verdict === 'preview-passes' ? 'INFO' : 'WARN'));
  const counts =
    `${mirrored} ${mirrored === 1 ? 'check agrees' : 'checks agree'} with Production` +
    (bothFail > 0 ? `; ${bothFail} failing in both (Production's verdict above)` : '');
  return [head, ...lines, `  ${counts}`, ''].join('\n');
}
