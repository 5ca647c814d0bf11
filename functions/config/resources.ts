// `servers[].resources`: the organisation's own APIs the resource check calls with the server's access token. The
// token is a bearer credential, so where it may go is decided here, once: https only (plain http on loopback, for the
// simulator), no user info in the URL, and a custom server only (Org-AS tokens are for Okta's APIs alone).
import { MAX_RESOURCES } from '../contract';
import type { ResourceConfig } from '../types';
import { isObject, quoted, readLevel, readUrl, typeName, type Json, type Problems } from './readers';
import { SERVER_SCHEMA } from './schema';

const RESOURCE_FIELDS = SERVER_SCHEMA.resources.items.properties;

export function readResources(
  entry: Json,
  path: string,
  isOrg: boolean,
  problems: Problems,
): readonly ResourceConfig[] | undefined {
  const raw = entry.resources;
  if (raw === undefined) return undefined;
  if (isOrg) {
    problems.add(
      path,
      'only for a custom server: Org-AS access tokens are meant for Okta\'s APIs alone (use "managementApi" to ' +
        'check one); move it to the custom server whose tokens the API accepts',
    );
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_RESOURCES) {
    problems.add(
      path,
      `expected an array of 1 to ${MAX_RESOURCES} entries like { "url": "https://api.example.com/orders" }, got ` +
        (Array.isArray(raw) ? `${raw.length} entries` : typeName(raw)),
    );
    return undefined;
  }
  const before = problems.list.length;
  const read = raw.map((item: unknown, index) => readResource(item, `${path}[${index}]`, problems));
  const seen = new Set<string>();
  read.forEach((resource, index) => {
    if (resource === undefined) return;
    const key = `${resource.method} ${resource.url}`;
    if (seen.has(key)) problems.add(`${path}[${index}]`, `${key} is listed twice; remove one`);
    seen.add(key);
  });
  return problems.list.length > before ? undefined : read.filter((r): r is ResourceConfig => r !== undefined);
}

function readResource(raw: unknown, path: string, problems: Problems): ResourceConfig | undefined {
  if (!isObject(raw)) {
    problems.add(path, `expected an object like { "url": "https://api.example.com/orders" }, got ${typeName(raw)}`);
    return undefined;
  }
  const { method, expectStatus } = readLevel(raw, RESOURCE_FIELDS, problems, {
    parent: path,
    fields: {
      // The url's rules are the token's, beyond what a schema says: https, no user info, no fragment.
      url: 'own',
      method: { advice: () => '(a check that runs every minute should only read: POST is for an API without a read)' },
      expectStatus: { unit: 'an HTTP status' },
    },
  });
  const url = readUrl(raw.url, `${path}.url`, problems, ' (the API resource to call with the token)');
  if (url !== undefined && url.hash !== '') {
    problems.add(
      `${path}.url`,
      `must not have a #fragment (it is never sent): use ${quoted(url.href.split('#')[0] ?? '')}`,
    );
  }
  if (url === undefined || url.hash !== '' || (raw.method !== undefined && method === undefined)) return undefined;
  return {
    url: url.href,
    method: method ?? 'GET',
    ...(expectStatus !== undefined && { expectStatus }),
  };
}
