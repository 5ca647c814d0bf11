// `okta-synthetics cost --config FILE`: what deploying FILE costs a month, line by line and per region, and
// what the same checks cost on CloudWatch Synthetics, Datadog and Checkly. Reads a deploy config, or a
// local (CLI) one so a user can price the file they already probe with.
import type { StreamCost } from '../cost/stream';
import { APPS_PER_WINDOW, PROVISIONING_STREAM } from '../contract';
import { estimateCost, type CostEstimate, type CostLine, type RunProfile } from '../cost/estimate';
import { DEFAULT_DISCOVERED_APPS, type SamlLoad } from '../plan/saml-load';
import { PRICES_READ_ON } from '../cost/prices';
import { alarmTiming } from '../plan/alarm-timing';
import { QUORUM_DEFAULTS } from '../config/quorum';
import { fastPageWithinSeconds } from '../plan/quorum';
import type { PlanCounts } from '../plan/region-plan';
import { wrap } from './render';
import { EXIT, parseCommandArgs, runCommand, UsageError, type CommandIo, type Options } from './frame';
import { loadOrExplain } from './load-config';

type CostIo = Pick<CommandIo, 'stdout' | 'stderr'>;

/**
 * The run profile measured by `npm run bench` (BENCHMARKS.md, sections e and f): the warm run estimated at
 * 256 MB against the simulator at 150 ms a round trip (slower than Okta from AWS, so conservative), the
 * handler's log line plus Lambda's START/END/REPORT lines. The bench says when a rerun drifts more than 15 % from
 * these. No memory: each region is billed at the size its stack deploys (plan/probe-memory.ts).
 */
export const BENCHMARKED_PROFILE: RunProfile = {
  durationMs: 470,
  logBytesPerRun: 560,
  secretCacheMinutes: 5,
  alarmNotificationsPerMonth: 20,
};

const USAGE = `Usage: okta-synthetics cost --config FILE [--json] [--duration-ms N]
         [--memory-mb N] [--discovered-apps N]

Prices a deployment of FILE (a deploy config, or the local config you run the
probe with) at us-east-1 list prices read ${PRICES_READ_ON}, per region and in
total, beside CloudWatch Synthetics, Datadog and Checkly running the same
checks at the same schedule.

  -c, --config FILE     the configuration file
      --json            the estimate as one JSON document (with unit prices)
      --duration-ms N   billed duration of one run, ms (default ${BENCHMARKED_PROFILE.durationMs},
                        measured: BENCHMARKS.md)
      --memory-mb N     Lambda memory, MB (default: the stack's, the config's
                        memoryMb or sized from the config, as plan shows)
      --discovered-apps N
                        SAML apps each group with "discover" finds (default
                        ${DEFAULT_DISCOVERED_APPS}: known only once Okta lists them)
`;

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  'duration-ms': { type: 'string' },
  'memory-mb': { type: 'string' },
  'discovered-apps': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function runCost(argv: string[], io: CostIo): Promise<number> {
  return runCommand(io, () => cost(argv, io));
}

async function cost(argv: string[], io: CostIo): Promise<number> {
  const values = parseCommandArgs('cost', argv, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (values.config === undefined)
    throw new UsageError(
      'cost: --config FILE is required (a deploy config, or the local one you run the probe with)',
      'cost',
    );

  const durationMs = readPositive(values['duration-ms'], '--duration-ms', 1, 900_000);
  const memoryMb = readPositive(values['memory-mb'], '--memory-mb', 128, 10_240);
  const discoveredApps = readPositive(values['discovered-apps'], '--discovered-apps', 0, 100_000);

  const loaded = loadOrExplain(values.config, io);
  if (loaded === null) return EXIT.usage;
  const profile: RunProfile = {
    ...BENCHMARKED_PROFILE,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(memoryMb !== undefined ? { memoryMb } : {}),
  };
  const estimate = estimateCost(
    loaded.config,
    profile,
    discoveredApps === undefined ? {} : { discoveredApps: Math.round(discoveredApps) },
  );
  io.stdout(values.json === true ? `${JSON.stringify(estimate, null, 2)}\n` : renderEstimate(estimate, values.config));
  return EXIT.ok;
}

export function readPositive(
  text: string | undefined,
  flag: string,
  min: number,
  max: number,
  command: 'cost' | 'plan' = 'cost',
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`${command}: ${flag} expects a number from ${min} to ${max}, got "${text}"`, command);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Text rendering

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function quantity(value: number): string {
  if (Number.isInteger(value)) return int.format(value);
  return value >= 100 ? int.format(value) : value.toPrecision(3);
}

function usd(value: number): string {
  if (value > 0 && value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function unitPrice(value: number): string {
  const fixed = value.toFixed(10).replace(/0+$/, '');
  const [whole = '0', fraction = ''] = fixed.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}

function row(cells: readonly string[], widths: readonly number[], rightAligned: ReadonlySet<number>): string {
  return `  ${cells
    .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
    .join('  ')
    .trimEnd()}`;
}

/** Why a KMS key line says $3, not the $1 a new key costs (prices.ts kmsKey). */
const KMS_KEY_NOTE =
  'A KMS key is billed at $3, its price from its third year: each of its first two yearly rotations adds $1 ' +
  'a month ($1 its first year, $2 its second).';

/** Cost output is plain text for a terminal or a ticket: 80 columns. */
const WIDTH = 80;

/** Item, quantity, unit and monthly cost: unit prices are in --json (they would pass 80 columns). */
function table(lines: readonly CostLine[], total: number): string[] {
  const head = ['Item', 'Quantity', 'Unit', 'Monthly'];
  const body = lines.map((l) => [l.item, quantity(l.quantity), l.unit, usd(l.monthly)]);
  const foot = ['Region total', '', '', usd(total)];
  const all = [head, ...body, foot];
  const widths = head.map((_, i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
  const right = new Set([1, 3]);
  return all.map((cells) => row(cells, widths, right));
}

/** The probe's memory billed: one size, or each region's when they differ (a journey's region may need more). */
function memoryText(estimate: CostEstimate): string {
  const sizes = [...new Set(estimate.regions.map((r) => r.memoryMb))];
  return sizes.length === 1
    ? `${sizes[0]} MB`
    : estimate.regions.map((r) => `${r.memoryMb} MB in ${r.region}`).join(', ');
}

export function renderEstimate(estimate: CostEstimate, file: string): string {
  const { profile } = estimate;
  const out: string[] = [];
  const regionWord = estimate.regions.length === 1 ? 'region' : 'regions';
  out.push(
    `okta-synthetics cost of deploying ${file}`,
    ...wrap(
      `One run every ${estimate.scheduleMinutes} min = ${int.format(estimate.invocationsPerMonth)} runs a ` +
        `month per region; ` +
        `${Math.ceil(profile.durationMs)} ms x ${memoryText(estimate)}, ${profile.logBytesPerRun} log bytes per run. ` +
        (`us-east-1 list prices read ${PRICES_READ_ON} (unit prices: --json); free tiers not subtracted ` +
          `(except SNS e-mail and Scheduler allowances). ${KMS_KEY_NOTE}`),
      WIDTH,
      '',
    ),
    '',
  );
  for (const region of estimate.regions) {
    out.push(
      `Region ${region.region}`,
      ...table(region.lines, region.monthly),
      ...wrap(countsText(region.counts), WIDTH, '  '),
      '',
    );
  }
  out.push(
    `Total, ${estimate.regions.length} ${regionWord}: ${usd(estimate.total)} a month`,
    '',
    'The same checks elsewhere, a month:',
  );
  const nameWidth = Math.max(...estimate.peers.map((p) => p.name.length));
  const runsWidth = Math.max(...estimate.peers.map((p) => int.format(p.runsPerMonth).length));
  for (const peer of estimate.peers) {
    out.push(
      `  ${peer.name.padEnd(nameWidth)}  ${int.format(peer.runsPerMonth).padStart(runsWidth)} runs x ${unitPrice(peer.unitPrice)} ` +
        `= ${usd(peer.monthly).padStart(9)}  (this: ${peer.ratio.toFixed(2)}x)`,
      ...wrap(peer.basis, WIDTH, '    '),
    );
  }
  out.push(
    ...samlLines(estimate.saml),
    ...systemLogLines(estimate.systemLog),
    ...resourceLines(estimate.resources),
    ...quorumLines(estimate.quorum, estimate.scheduleMinutes, 'the "Quorum:" lines above'),
    ...metricStreamCostText(estimate.metricStream, 'the "Metric stream" and "Firehose" lines above'),
    ...previewCostText(estimate.preview, 'the "Preview:" lines above'),
    '',
  );
  return out.join('\n');
}

/**
 * A region's metrics and alarms in the words `plan` and `cost` share: what `plan` lists, and how `cost`'s lines bill
 * the same ones, so the two commands' numbers reconcile where they count different things.
 */
export function countsText(c: PlanCounts): string {
  const metricAlarms = c.alarms - c.compositeAlarms;
  const fastAlarms = c.latchAlarmMetrics + c.backstopAlarmMetrics;
  return (
    `Metrics: ${c.metrics} (${c.metrics - c.metricsAtTimes} billed every hour` +
    `${c.fastPathMetrics > 0 ? `, ${c.fastPathMetrics} of them the fast path's` : ''}; ${c.metricsAtTimes} ` +
    `only while a maintenance window is open or a secret is not put). Alarms: ${c.alarms} (${c.compositeAlarms} ` +
    `composite; ${metricAlarms} metric alarms, billed as ${c.alarmMetrics} alarm metrics, one per metric each reads` +
    `${fastAlarms > 0 ? `, ${fastAlarms} of them the fast path's` : ''}).`
  );
}

/**
 * The fast path, for `cost` and `plan` alike: on, its Okta requests a minute and its AWS cost beside Synthetics; off,
 * why, and how soon a page comes instead.
 */
export function quorumLines(
  quorum: CostEstimate['quorum'],
  scheduleMinutes: number,
  /** Where its AWS lines are: above, in `cost`; in `cost`, from `plan`. */
  lines: string,
): string[] {
  const text =
    quorum === null
      ? scheduleMinutes === 1
        ? `Fast path: off ("quorum": false): each region pages on its own alarms, within ${alarmTiming(1).pageWithinMinutes} ` +
          `min of a failure; one region's own trouble pages too.`
        : `Fast path: off: it checks within one-minute runs, and scheduleMinutes is ${scheduleMinutes}: a ` +
          `failure pages within ${alarmTiming(scheduleMinutes).pageWithinMinutes} min. scheduleMinutes 1 turns ` +
          `it on (a page within ${fastPageWithinSeconds(QUORUM_DEFAULTS.checkEverySeconds)} s of an Okta outage; ` +
          'cost prices it).'
      : `Fast path: ${quantity(quorum.roundsPerMinute)} checks a minute in each region; ` +
        `an Okta outage pages within ${quorum.pageWithinSeconds} s, once, ${
          quorum.regions > 1
            ? `when ${quorum.agree} of ${quorum.regions} ` + `regions agree (from the home region)`
            : 'from this region'
        }; ` +
        `a cause of our own (a rotated secret, an expired key) warns. ` +
        (`${quantity(quorum.oktaRequestsPerMinute.perRegion)} more Okta requests a minute per region (${quantity(quorum.oktaRequestsPerMinute.allRegions)} ` +
          `in all: per server and fast round its discovery, a client-credentials token, the Org server's ` +
          `introspect and /authorize where it has one); ${quorum.tokenPerMinute.perServer} token calls a minute ` +
          `on each server's /token bucket from all regions, ${quorum.tokenPerMinute.percentOfAppShare}% of the ` +
          `app's 50% share at Okta's smallest limit (300 a minute), ${quorum.tokenPerMinute.inDoubt.perServer} ` +
          `(${quorum.tokenPerMinute.inDoubt.percentOfAppShare}%) while a request failed lately and each round ` +
          `samples more; a 429 of our own stops a run's fast rounds; `) +
        (`${usd(quorum.monthly)} a month in AWS, ${quorum.ratioVsSynthetics.toFixed(3)}x CloudWatch ` +
          `Synthetics for the same checks (${lines}; "quorum": false turns it off).`);
  return ['', ...wrap(text, WIDTH, '')];
}

/**
 * The metric stream's updates and cost in every region, for `cost` and `plan` alike: one figure, the sum of the
 * regions' stream lines (plan once priced the first region's alone, half of a two-region stream).
 */
export function metricStreamCostText(
  stream: CostEstimate['metricStream'],
  /** Where its lines are: above, in `cost`; in `cost`, from `plan`. */
  lines: string,
): string[] {
  if (stream === null) return [];
  const where = stream.regions > 1 ? ` from ${stream.regions} regions` : '';
  return [
    '',
    ...wrap(
      `Metric stream to ${stream.destination}: ${int.format(stream.updatesPerMonth)} metric updates a month${where}, ` +
        `and ${int.format(stream.percentileUpdatesPerMonth)} more for the latencies' percentiles; ` +
        `${usd(stream.monthly)} a month${stream.regions > 1 ? ' in all' : ''} (${lines}).`,
      WIDTH,
      '',
    ),
  ];
}

/**
 * The Preview org's deployed runs, for `cost` and `plan` alike: one figure, the sum of the "Preview:" lines (the home
 * region's); its metrics, alarms and secrets are counted on the region's own lines with every other.
 */
export function previewCostText(
  preview: CostEstimate['preview'],
  /** Where its lines are: above, in `cost`; in `cost`, from `plan`. */
  lines: string,
): string[] {
  if (preview === null) return [];
  return [
    '',
    ...wrap(
      `Preview org: ${int.format(preview.runsPerMonth)} runs a month, every ${preview.everyMinutes} min in the ` +
        `home region only, ${usd(preview.monthly)} a month for the runs (${lines}); its metrics, alarms and ` +
        `secrets are billed on the region's own lines.`,
      WIDTH,
      '',
    ),
  ];
}

/** The resource checks' requests, for `cost` and `plan` alike: they go to the organisation's APIs, never to Okta. */
export function resourceLines(resources: CostEstimate['resources']): string[] {
  if (resources === null) return [];
  const where = resources.regions > 1 ? ` from each of ${resources.regions} regions` : '';
  return wrap(
    `Resources: ${resources.perRun} request${resources.perRun === 1 ? '' : 's'} a run to your own APIs${where} ` +
      `with each server's token (${int.format(resources.perMonth)} a month in all), none to Okta: the API's ` +
      `own rate limits and logs count them.`,
    WIDTH,
    '',
  );
}

/**
 * What the System Log's reads ask of Okta's /api/v1/logs bucket, for `cost` and `plan` alike: an hour, against the
 * bucket's least and most, of which Okta lets one app use half by default.
 */
/** What the healthy requests an hour are: the rate-limit events' poll, with the sign-ins' and provisioning's. */
function pollsText(load: NonNullable<CostEstimate['systemLog']>): string {
  const polls = [
    ...(load.userSignIns ? ["the sign-ins' poll"] : []),
    ...(load.provisioning ? ["the provisioning events' poll"] : []),
    ...(load.integrationHealth ? ["the integration events' poll"] : []),
  ];
  return polls.length === 0 ? '' : ` (the rate-limit events' poll and ${polls.join(' and ')})`;
}

export function systemLogLines(load: CostEstimate['systemLog']): string[] {
  if (load === null) return [];
  const hour = (perMinute: number): number => perMinute * 60;
  const share = (n: number): string => `${((n / hour(load.bucketPerMinute.least)) * 100).toFixed(1)} %`;
  const where = load.regions > 1 ? ` from ${load.regions} regions` : '';
  return wrap(
    `System Log: ${int.format(load.perHour)} requests an hour to /api/v1/logs${where}` +
      `${pollsText(load)}, ` +
      `${int.format(load.worstPerHour)} at most (failures looked up, backlog pages read); Okta's bucket for it is ` +
      `${load.bucketPerMinute.least} to ${load.bucketPerMinute.most} a minute by plan ` +
      `(${int.format(hour(load.bucketPerMinute.least))} to ${int.format(hour(load.bucketPerMinute.most))} an hour): ` +
      `${share(load.perHour)} of the smallest, ${share(load.worstPerHour)} at most. The probe stops below half ` +
      'of the bucket, leaving it to your SIEM.' +
      streamText(load.streamPerMillion) +
      provisioningStreamText(load.provisioningStreamPerMillion) +
      integrationStreamText(load.integrationStreamPerMillion),
    WIDTH,
    '',
  );
}

/**
 * What deleting the stack does to Okta's log stream, and how to bring it back: the stack owns the partner event bus,
 * not the source. EventBridge's partner onboarding FAQ: when the customer deletes the bus, "the event source will
 * return to a Pending state"; DeactivateEventSource: a source "in PENDING state for more than two weeks ... is
 * deleted". help.okta.com "Log Streaming": a target that stops acknowledging gets the stream deactivated.
 */
const STREAM_DELETION =
  'Deleting the stack deletes the partner event bus: the event source goes back to Pending (events are not ' +
  'delivered), AWS deletes a source left Pending for two weeks, and Okta may deactivate the stream. To bring it ' +
  'back, deploy again within two weeks (the bus matches the source again), then in Okta, Reports > Log Streaming, ' +
  'activate the stream if it shows Deactivated; after two weeks, add a new AWS EventBridge log stream in Okta and ' +
  'put its source in userSignIns.eventSource.';

/** The integration events through the same stream, beyond what EventBridge bills for every streamed event. */
function integrationStreamText(cost: StreamCost | null): string {
  if (cost === null) return '';
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  return (
    ' Integration events come through the same rule and aggregator, /api/v1/logs polled only to fill the ' +
    `stream's gaps (a page every ${PROVISIONING_STREAM.backfillEveryMinutes} minutes when healthy): ` +
    `${usd(cost.total)} a million events beyond EventBridge's charge, which Okta's stream incurs for every event ` +
    `(SQS ${usd(cost.sqs)}, DynamoDB ${usd(cost.dynamo)}: a count a minute and integration; measured in ` +
    'BENCHMARKS.md section ae).'
  );
}

/** The provisioning events through the same stream, the log polled only to fill its gaps, and their AWS cost. */
function provisioningStreamText(cost: StreamCost | null): string {
  if (cost === null) return '';
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  return (
    ' Provisioning events come through the same rule and aggregator, /api/v1/logs polled only to fill the ' +
    `stream's gaps (a page every ${PROVISIONING_STREAM.backfillEveryMinutes} minutes when healthy): ` +
    `${usd(cost.total)} a million events (DynamoDB ${usd(cost.dynamo)}: each kept reduced for ` +
    `${PROVISIONING_STREAM.keepHours} hours).`
  );
}

/** The sign-ins through Okta's Log Streaming: none of the requests above, and their AWS cost a million events. */
function streamText(cost: StreamCost | null): string {
  if (cost === null) return '';
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  return (
    " Real users' sign-ins come from Okta's Log Streaming (userSignIns.eventSource), not from /api/v1/logs: " +
    `${usd(cost.total)} a million events (EventBridge ${usd(cost.eventBridge)}, SQS ${usd(cost.sqs)}, Lambda ` +
    `${usd(cost.lambda)}, DynamoDB ${usd(cost.dynamo)}). ` +
    STREAM_DELETION
  );
}

/**
 * What the SAML apps ask of Okta, for `cost` and `plan` alike: the requests a minute on average and at most
 * in one run, and that run's share of Okta's SSO bucket; a group that discovers its apps is counted with an assumed
 * number.
 */
export function samlLines(saml: SamlLoad): string[] {
  if (saml.groups.length === 0 && saml.ownAlarm.apps === 0) return [];
  const groups = saml.groups.map(
    (g) =>
      `${g.id}: ${int.format(g.apps)} apps${
        g.assumed ? ' (discovered: an assumed ' + 'number, --discovered-apps)' : ''
      }, ${g.share} ` +
      `a session, ${quantity(g.perMinute.sso)} SSO + ${quantity(g.perMinute.metadata)} metadata + ${quantity(g.perMinute.management)} ` +
      `Management API requests a minute`,
  );
  const paces = saml.groups.map((g) => {
    const p = g.userPace;
    const when = p.identityEngine
      ? ''
      : ` when the org runs Identity Engine (an "idx" session; Okta documents no such limit for a Classic one)`;
    const fit = p.fits
      ? `: a session's ${g.share} apps take about ${p.shareSeconds} s of the ${p.runSeconds} s a run leaves them`
      : `: a session's ${g.share} apps would take ${p.shareSeconds} s, and a run leaves them about ${p.runSeconds} ` +
        `s, so it checks at most ${p.appsPerSession} and the next session the rest: the catalogue takes ${p.catalogueMinutes} ` +
        `min, longer than the group's everyMinutes (raise it to ${p.catalogueMinutes}, or give the group a ` +
        `journey and user of its own)`;
    return (
      `${g.id} shares ${p.signIn}'s user, whom Okta's Identity Engine allows 20 requests per 5 s: its apps ` +
      `keep ${APPS_PER_WINDOW} per 5 s after the sign-in (${p.appsPerSecond} a second)${when}${fit}`
    );
  });
  const own =
    saml.ownAlarm.apps > 0
      ? [`${saml.ownAlarm.apps} SAML app(s) with ownAlarm: ${quantity(saml.ownAlarm.perMinute)} requests a minute`]
      : [];
  return [
    '',
    ...wrap(
      `Okta requests of the SAML apps: ${quantity(saml.perMinute)} a minute on average, at most ${int.format(saml.peakPerRun)} ` +
        `in one run (${saml.ssoBucketPercent} % of Okta's default /app/{app}/{key}/sso/saml bucket, 750 a ` +
        `minute; the probe stops at half of what Okta reports left); whatever fails, at most ${int.format(saml.worstPerRun)} ` +
        `(${saml.worstSsoBucketPercent} %: failing apps are rechecked within half a share more).`,
      WIDTH,
      '',
    ),
    ...[...groups, ...own, ...paces].flatMap((text) => wrap(text, WIDTH, '  ')),
  ];
}
