// Okta's error catalogue against the probe: every entry one of the probe's requests can receive
// (test/data/okta-oauth2-error-catalogue.json, a subset of okta/okta-developer-docs' published catalogues)
// is built into the answer Okta would send and judged by the check that receives it. Used by
// test/functions/probe/catalogue.test.ts and by the README's "Okta's error catalogue" table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosisCode } from '../functions/contract';
import { judgeAuthorize } from '../functions/probe/servers/authorize';
import { judgeDiscovery } from '../functions/probe/servers/discovery';
import { judgeIntrospection } from '../functions/probe/servers/introspect';
import { judgeKeys } from '../functions/probe/okta/keys';
import { judgeTokenResponse } from '../functions/probe/okta/token';
import type { Verdict } from '../functions/probe/verdict';
import { serverEndpoints } from '../functions/probe/endpoints';
import type { HttpResponse } from '../functions/probe/http';

/** Where an entry can reach the probe: `endpoint:server kind`. */
export type Target =
  `${'token' | 'introspect' | 'authorize' | 'authorize-page' | 'discovery' | 'keys'}:${'org' | 'custom'}`;
/** A diagnosis code, or PASS for the answer a healthy server gives. */
export type Outcome = DiagnosisCode | 'PASS';

export interface CatalogueEntry {
  /** Okta's internal code (OAuth entries) or its `errorCode` (envelope entries). */
  readonly id: string;
  readonly shape: 'oauth' | 'envelope';
  readonly status: number;
  /** The OAuth `error` or the envelope's `errorCode`. */
  readonly error: string;
  readonly description: string;
  readonly reachedBy: readonly Target[];
  readonly expect: Outcome;
}

interface CatalogueFile {
  readonly catalogueEntries: number;
  readonly oauth2: readonly {
    internalErrorCode: string;
    statusCode: number;
    errorCode: string;
    errorDescription: string;
    reachedBy: Target[];
    expect: Outcome;
  }[];
  readonly envelope: readonly {
    errorCode: string;
    statusCode: number;
    errorSummary: string;
    reachedBy: Target[];
    expect: Outcome;
  }[];
}

export const CATALOGUE_PATH = join(import.meta.dirname, '../test/data/okta-oauth2-error-catalogue.json');

export function readCatalogue(): { readonly published: number; readonly entries: readonly CatalogueEntry[] } {
  const file = JSON.parse(readFileSync(CATALOGUE_PATH, 'utf8')) as CatalogueFile;
  const oauth = file.oauth2.map(
    (e): CatalogueEntry => ({
      id: e.internalErrorCode,
      shape: 'oauth',
      status: e.statusCode,
      error: e.errorCode,
      description: e.errorDescription,
      reachedBy: e.reachedBy,
      expect: e.expect,
    }),
  );
  const envelope = file.envelope.map(
    (e): CatalogueEntry => ({
      id: e.errorCode,
      shape: 'envelope',
      status: e.statusCode,
      error: e.errorCode,
      description: e.errorSummary,
      reachedBy: e.reachedBy,
      expect: e.expect,
    }),
  );
  return { published: file.catalogueEntries, entries: [...oauth, ...envelope] };
}

const ORG_URL = 'https://acme.okta.com';
const REDIRECT_URI = 'https://app.acme.example/callback';
const STATE = 'st4te';
const CLIENT_ID = '0oa1probe';

function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers,
    body,
    bodyTruncated: false,
    requestId: 'req-catalogue',
    timings: { total: 1 },
    receivedAt: 0,
  };
}

/** The answer Okta sends for `entry` at `target`: a JSON error, an /authorize redirect, or its HTML error page. */
function okta(entry: CatalogueEntry, endpoint: string): HttpResponse {
  if (endpoint === 'authorize') {
    const location = new URL(REDIRECT_URI);
    location.search = new URLSearchParams({
      error: entry.error,
      error_description: entry.description,
      state: STATE,
    }).toString();
    return response(302, '', { location: location.toString() });
  }
  if (endpoint === 'authorize-page') {
    const page =
      `<!DOCTYPE html><html><head><title>Bad Request</title></head><body><h1>400 Bad ` +
      `Request</h1><p>${entry.description.replace(/'/g, '&#39;')}</p></body></html>`;
    return response(400, page, { 'content-type': 'text/html;charset=utf-8' });
  }
  const body =
    entry.shape === 'oauth'
      ? { error: entry.error, error_description: entry.description }
      : {
          errorCode: entry.error,
          errorSummary: entry.description,
          errorLink: entry.error,
          errorId: 'oaeCatalogue',
          errorCauses: [],
        };
  return response(entry.status, JSON.stringify(body), { 'content-type': 'application/json' });
}

/**
 * What the probe reports for `entry` at `target`, once per client authentication method where the request
 * authenticates (the diagnosis must not hinge on the method alone): the distinct outcomes.
 */
export function judgeEntry(entry: CatalogueEntry, target: Target): Outcome[] {
  const [endpoint, kind] = target.split(':') as [string, 'org' | 'custom'];
  const orgServer = kind === 'org';
  const res = okta(entry, endpoint);
  const outcome = (verdict: Verdict): Outcome => verdict.diagnosis?.code ?? 'PASS';
  const methods = ['private_key_jwt', 'client_secret_basic'] as const;
  switch (endpoint) {
    case 'token':
      return distinct(methods.map((authMethod) => outcome(judgeTokenResponse({ orgServer, authMethod }, res))));
    case 'introspect':
      return distinct(
        methods.map((authMethod) => outcome(judgeIntrospection({ clientId: CLIENT_ID, orgServer, authMethod }, res))),
      );
    case 'authorize':
    case 'authorize-page':
      return [outcome(judgeAuthorize({ redirectUri: REDIRECT_URI, state: STATE, orgServer }, res))];
    case 'discovery':
      return [outcome(judgeDiscovery(serverEndpoints(ORG_URL, orgServer ? 'org' : 'default'), res, orgServer))];
    default:
      return [outcome(judgeKeys(res, orgServer))];
  }
}

const distinct = (outcomes: Outcome[]): Outcome[] => [...new Set(outcomes)];
