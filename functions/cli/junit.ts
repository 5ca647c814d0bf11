// `run --junit FILE`: the report as JUnit XML, the format CI systems (GitHub Actions reporters, GitLab, Jenkins,
// Azure Pipelines) read, so a pipeline that changes Okta's configuration can run the probe and fail the build with
// the diagnosis. One test suite per server, one test case per check: a failure carries the diagnosis code as its
// type, the summary as its message, and the detail, fix and Okta request id as its text. A warning (a failed check
// whose row warns) is a test case that passes with the same text in its output, unless --fail-on warn.
import { outcomeOf, type FailOn } from '../probe/results';
import type { CheckResult, Diagnosis, Report } from '../types';
import { redactAll } from '../text/redact';

/** `secrets`: the run's (servers', users', SAML apps'), scrubbed from the report before any of it is XML-escaped. */
export function junitReport(input: Report, failOn: FailOn = 'fail', secrets: readonly string[] = []): string {
  // Escaping first would turn a secret into character references the scrubber would then have to read back.
  const report = redactAll(input, secrets);
  const fails = (check: CheckResult): boolean => {
    const outcome = outcomeOf(check);
    return outcome === 'fail' || (outcome === 'warn' && failOn === 'warn');
  };
  const servers = [...new Set(report.checks.map((c) => c.server))];
  // JUnit's skipped counts both: a check skipped after a failure, and one that does not apply (n/a).
  const count = (checks: readonly CheckResult[]) => ({
    tests: checks.length,
    failures: checks.filter(fails).length,
    skipped: checks.filter((c) => c.status === 'skip' || c.status === 'n/a').length,
  });
  const all = count(report.checks);
  const suites = servers.map((server) => {
    const checks = report.checks.filter((c) => c.server === server);
    const { tests, failures, skipped } = count(checks);
    const time = seconds(checks.reduce((sum, c) => sum + (c.latencyMs ?? 0), 0));
    return [
      `  <testsuite name="${xml(server)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" ` +
        `time="${time}" timestamp="${xml(report.startedAt)}">`,
      ...checks.map((check) => testCase(check, fails(check))),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="okta-synthetics ${xml(report.orgUrl)}" tests="${all.tests}" failures="${all.failures}" ` +
      `errors="0" skipped="${all.skipped}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(check: CheckResult, fails: boolean): string {
  const open =
    `    <testcase classname="okta-synthetics.${xml(check.server)}" ` +
    `name="${xml(check.check)}" time="${seconds(check.latencyMs ?? 0)}"`;
  if (check.status === 'skip' || check.status === 'n/a') {
    const why = check.status === 'n/a' ? `not applicable: ${check.skipReason}` : check.skipReason;
    return `${open}>\n      <skipped message="${xml(why)}"/>\n    </testcase>`;
  }
  if (check.status !== 'fail') return `${open}/>`;
  const { diagnosis, also = [] } = check;
  const facts = (d: Diagnosis): string[] =>
    [
      d.detail !== undefined ? `Observed: ${d.detail}` : undefined,
      `Fix: ${d.remedy}`,
      d.requestId !== null ? `Okta request id: ${d.requestId}` : undefined,
    ].filter((line) => line !== undefined);
  // A check that judged several items names each that needs action, its code first.
  const text = [...facts(diagnosis), ...also.flatMap((d) => ['', `${d.code}: ${d.summary}`, ...facts(d)])];
  if (!fails)
    return (
      `${open}>\n      <system-out>${xml([`WARN ${diagnosis.code}: ${diagnosis.summary}`, ...text].join('\n'))}</system-out>\n ` +
      `   </testcase>`
    );
  return (
    `${open}>\n      <failure type="${xml(diagnosis.code)}" message="${xml(`${diagnosis.code}: ${diagnosis.summary}`)}">${xml(text.join('\n'))}</failure>\n ` +
    `   </testcase>`
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Text and attribute values escaped; characters XML 1.0 cannot carry at all are dropped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
