// BENCHMARKS.md is written by more than one bench script: each owns whole sections ("## <heading>" to the next
// "## " or the end) and must leave the others' as they are.

/** Section d, written by scripts/bench/bundle-section.ts (`npm run bench:bundle`) and by scripts/bench.ts. */
export const BUNDLE_HEADING = '## d. Cold start: bundle size and module load';

/** Section e, written by scripts/bench.ts; its recommendation paragraph by scripts/bench/memory-held.ts. */
export const MEMORY_HEADING = '## e. Memory and the Lambda memory size';

/** Section e2, written by scripts/bench/memory-held.ts (`npm run bench:memory-held`), kept by scripts/bench.ts. */
export const MEMORY_HELD_HEADING = '## e2. Memory in held quorum runs: 176 MB beside 256 MB';

/** Section h, written by scripts/bench/worst-case.ts (`npm run bench:worst-case`), kept by scripts/bench.ts. */
export const WORST_CASE_HEADING = '## h. The worst case at 90 servers';

/** Section n, written by scripts/bench/suite.ts (`npm run bench:suite`), kept by scripts/bench.ts. */
export const SUITE_HEADING = '## n. The test lanes: `npm test` (the quick lane) and the whole suite';

/** Section p, written by scripts/bench/saml-catalogue.ts (`npm run bench:saml`), kept by scripts/bench.ts. */
export const SAML_CATALOGUE_HEADING = '## p. A catalogue of SAML apps: 1, 100 and 1,000';

/** Section q, written by scripts/bench/cold-start.ts (`npm run bench:cold-start`), kept by scripts/bench.ts. */
export const COLD_START_HEADING = '## q. Cold start beside the floor: what each config loads, and when';
/** Section s, written by scripts/bench/faults.ts (`npm run bench:faults`), kept by scripts/bench.ts. */
export const FAULTS_HEADING = '## s. Okta traffic under faults that never end';

/** Section u, written by scripts/bench/user-pace.ts (`npm run bench:user-pace`), kept by scripts/bench.ts. */
export const USER_PACE_HEADING =
  "## u. One user's pace: a journey and its SAML apps under Identity Engine's per-user limit";

/** Section t, written by scripts/bench/quorum.ts (`npm run bench:quorum`), kept by scripts/bench.ts. */
export const QUORUM_HEADING = '## t. Multi-region quorum: page and OK times in a simulated deployment';

/** Section v, written by scripts/bench/quorum-deploy.ts (`npm run bench:quorum-deploy`), kept by scripts/bench.ts. */
export const QUORUM_DEPLOY_HEADING =
  "## v. Multi-region quorum in real time: three regions' Lambda assets under Node 24";

/**
 * Section w, written by scripts/bench/quorum-deploy.ts --partial (`npm run bench:quorum-partial`), kept by
 * scripts/bench.ts.
 */
export const QUORUM_PARTIAL_HEADING =
  "## w. Partial outages, a stalled table and noise in real time: three regions' Lambda assets";

/** Section y, written by scripts/bench/user-sign-ins.ts (`npm run bench:user-sign-ins`), kept by scripts/bench.ts. */
export const USER_SIGN_INS_HEADING = "## y. Real users' sign-ins: the aggregator at 10k, 100k and 1M events a day";

/** Section z, written by scripts/bench/sign-in-stream.ts (`npm run bench:sign-in-stream`), kept by scripts/bench.ts. */
export const SIGN_IN_STREAM_HEADING = "## z. Okta's Log Streaming: the EventBridge aggregator, its cost and its delay";

/** Section aa, written by scripts/bench/passkey.ts (`npm run bench:passkey`), kept by scripts/bench.ts. */
export const PASSKEY_HEADING = '## aa. The passkey journey beside the TOTP journey';

/** Section ab, written by scripts/bench/cli-cycle.ts (`npm run bench:cli-cycle`), kept by scripts/bench.ts. */
export const CLI_CYCLE_HEADING = "## ab. A probe cycle in a fresh CLI process, and the CLI's start-up";

/** Section ag, written by scripts/bench/cli-double.ts (`npm run bench:cli-double`), kept by scripts/bench.ts. */
export const CLI_DOUBLE_HEADING =
  '## ag. The CLI cycle against an independent Okta double: where the time goes, per request';

/** Section ac, written by scripts/bench/org-volume.ts (`npm run bench:org-volume`), kept by scripts/bench.ts. */
export const ORG_VOLUME_HEADING =
  "## ac. Okta's volume: 10,000 people, 100,000 sign-in events an hour, polled and streamed";

/** Section ad, written by scripts/bench/browser.ts (`npm run bench:browser`), kept by scripts/bench.ts. */
export const BROWSER_HEADING = '## af. The browser journey in Lambda: time, memory and cost beside a canary';

export const PROVISIONING_HEADING =
  '## ad. Provisioning health: 200 apps, 10,000 people, 1,000 provisioning events an hour';

/** Section ae, written by scripts/bench/integrations.ts (`npm run bench:integrations`). */
export const INTEGRATIONS_HEADING =
  '## ae. Integration health: 10,000 people, 20 hooks, 100,000 SMS and 200,000 e-mails a day';

/** The block of `text` that starts with the line `heading`, through the line before the next `level` line. */
function blockOf(text: string, heading: string, level: '## ' | '### '): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === heading);
  if (start < 0) return undefined;
  const next = lines.findIndex((line, i) => i > start && line.startsWith(level));
  return lines
    .slice(start, next < 0 ? lines.length : next)
    .join('\n')
    .trimEnd();
}

/** The section that starts with `heading` (a "## " line), through the line before the next "## ", or undefined. */
export function sectionOf(doc: string, heading: string): string | undefined {
  return blockOf(doc, heading, '## ');
}

/** `doc` with the section under `heading` replaced by `section` (its own heading included), or appended. */
export function withSection(doc: string, heading: string, section: string): string {
  const old = sectionOf(doc, heading);
  if (old === undefined) return `${doc.trimEnd()}\n\n${section.trimEnd()}\n`;
  const at = doc.indexOf(`${heading}\n`) >= 0 ? doc.indexOf(`${heading}\n`) : doc.indexOf(heading);
  return (
    `${doc.slice(0, at)}${section.trimEnd()}\n${doc.slice(at + old.length).replace(/^\n*/, '\n')}`.trimEnd() + '\n'
  );
}

/**
 * `doc` with every section of `previous` that it does not hold appended, in `previous`'s order: a bench of its own
 * writes its section into this file, and this rewrite must never drop one it was not told to keep (it once dropped
 * two that way).
 */
export function withEverySection(doc: string, previous: string): string {
  const headings = previous.split('\n').filter((line) => line.startsWith('## '));
  const missing = headings.filter((heading) => sectionOf(doc, heading) === undefined);
  return missing.reduce((text, heading) => withSection(text, heading, sectionOf(previous, heading) ?? heading), doc);
}

/** The sub-section under `subheading` (a `### ` line) of the section under `heading`, to the next `### `, if any. */
export function subsectionOf(doc: string, heading: string, subheading: string): string | undefined {
  return blockOf(sectionOf(doc, heading) ?? '', subheading, '### ');
}

/**
 * `doc` with the sub-section under `subheading` (a `### ` line) of the section under `heading` replaced by `sub`, or
 * appended to that section: a bench that measures one case of a section apart from the rest keeps the rest.
 */
export function withSubsection(doc: string, heading: string, subheading: string, sub: string): string {
  const lines = (sectionOf(doc, heading) ?? heading).split('\n');
  const start = lines.indexOf(subheading);
  const next = start < 0 ? -1 : lines.findIndex((line, i) => i > start && line.startsWith('### '));
  const rebuilt =
    start < 0
      ? [...lines, '', sub]
      : [...lines.slice(0, start), sub.trimEnd(), ...(next < 0 ? [] : ['', ...lines.slice(next)])];
  return withSection(doc, heading, rebuilt.join('\n'));
}

/** Section q, written by scripts/bench/saml-attacks.ts (`npm run bench:saml-attacks`), kept by scripts/bench.ts. */
export const HOSTILE_SAML_HEADING = '## r. Hostile SAML answers: CPU per app';

/** Section x, written by scripts/bench/har.ts (`npm run bench:har`), kept by scripts/bench.ts. */
export const HAR_HEADING = '## x. HTTP traces: a healthy run and failing ones';
