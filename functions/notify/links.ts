// Console addresses for a notification: the dashboard, and Logs Insights with the latest-failures query for one
// server already typed in. Built in the notifier from its own region, so they are right in every partition.
import { latestFailuresQuery } from '../contract';

/** The AWS console's host for a region: the commercial, China and GovCloud partitions have their own. */
function consoleBase(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

export function dashboardUrl(region: string, dashboardName: string): string {
  return `${consoleBase(region)}/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(dashboardName)}`;
}

/**
 * The console's own encoding inside a Logs Insights link: every character but letters, digits, "-", "_" and "."
 * as "*" and two lower-case hex digits per UTF-8 byte (the console's rison-like form uses ~ ' ( ) ! as syntax).
 */
function insightsEscape(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `*${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** Logs Insights over the last `hours`, on the probe's log group, with the latest failures of `server`. */
export function insightsUrl(region: string, logGroupName: string, server: string, hours = 3): string {
  const detail = `~(end~0~start~-${hours * 3600}~timeType~'RELATIVE~unit~'seconds~editorString~'${insightsEscape(latestFailuresQuery(server))}~source~(~'${insightsEscape(logGroupName)}))`;
  return `${consoleBase(region)}/cloudwatch/home?region=${region}#logsV2:logs-insights$3FqueryDetail$3D${detail}`;
}

/**
 * The S3 console's page of one trace (`s3://bucket/key`, as the run line carries it): opened with the reader's own
 * access, never a presigned link that anyone holding the message could follow. Undefined for anything else.
 */
export function traceUrl(region: string, s3Uri: string): string | undefined {
  const parts = /^s3:\/\/([a-z0-9.-]{3,63})\/(.+)$/.exec(s3Uri);
  if (parts === null) return undefined;
  const [, bucket = '', key = ''] = parts;
  return `${consoleBase(region)}/s3/object/${bucket}?region=${region}&prefix=${encodeURIComponent(key)}`;
}
