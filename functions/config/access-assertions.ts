// The top-level `accessAssertions` list: who should get what, asserted every run through Okta's policy simulation
// (docs/access-assertions.md). Each row names an app, a user or groups, optionally where the request comes from (a
// zone or an IP), a device and a risk level, and what Okta should give (a policy, a rule, the access, the factors):
// a row asserts only what it names. The rows ride on the "org" server (ServerConfig.accessAssertions), whose client
// asks a token of okta.policies.read alone. Ids are read by their shape here; whether Okta knows them is Okta's answer
// (ACCESS_ROW_REFUSED), and an app named by its label is found at run time (probe/access/apps.ts). The field names
// are a contract.
import { ACCESS_ASSERTIONS, ORG_SERVER_ID, POLICIES_SCOPE } from '../contract';
import type { AccessAssertion, ServerConfig } from '../types';
import { isObject, quoted, readLevel, typeName, type Json, type Problems } from './readers';
import { ACCESS_ASSERTION_SCHEMA } from './schema';
import { parseNetwork } from './status-page';

const PATH = 'accessAssertions';
const DEVICE = ACCESS_ASSERTION_SCHEMA.device.properties;
const EXPECT = ACCESS_ASSERTION_SCHEMA.expect.properties;

/** A value the id's declared pattern refuses: where the id is in the Admin Console, and its shape. */
const idAdvice =
  (what: string, prefix: string, where: string) =>
  (value: string): string =>
    `${quoted(value)} is not ${what} id (${prefix} and 17 letters or digits, 20 in all): copy it from ${where}`;

/** How a row's own fields are read. */
const ROW_READ = {
  id: {
    what: 'a short name for this row: the report and the notification name it',
    advice: () => 'use 1-64 letters, digits, "_" or "-"',
  },
  app: {
    what: "the app's id or label: the rows are simulated against it",
    advice: (value: string) =>
      /^0oa/.test(value)
        ? idAdvice('an app', '0oa', 'Applications > Applications > [app], in the address')(value)
        : `${quoted(value)} is neither an app id nor a label: write the app's 0oa... id (Applications > ` +
          'Applications > [app], in the address) or its label as that page shows it (at most 100 characters)',
  },
  user: { advice: idAdvice('a user', '00u', 'Directory > People > [person], in the address') },
  groups: { advice: idAdvice('a group', '00g', 'Directory > Groups > [group], in the address') },
  zone: { advice: idAdvice('a network zone', 'nzo', 'Security > Networks > [zone], in the address') },
  ip: {
    check: (value: string) =>
      'problem' in parseNetwork(`${value}/${value.includes(':') ? 128 : 32}`)
        ? `${quoted(value)} is not an IP address: write one IPv4 or IPv6 address (no range, no port), or name the ` +
          'network zone with "zone"'
        : undefined,
  },
  risk: {},
  device: 'own',
  expect: 'own',
} as const;

/** The row's `device`, read by its declaration; undefined when absent or refused. */
function readDevice(entry: Json, path: string, problems: Problems): AccessAssertion['device'] | 'refused' | undefined {
  const value = entry.device;
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    problems.add(
      `${path}.device`,
      `expected an object like { "platform": "WINDOWS", "managed": true }, got ${typeName(value)}`,
    );
    return 'refused';
  }
  const before = problems.list.length;
  const device = readLevel(value, DEVICE, problems, {
    parent: `${path}.device`,
    fields: {
      assuranceId: {
        advice: idAdvice('a device assurance policy', 'dae', 'Security > Device assurance > [policy], in the address'),
      },
    },
  });
  return problems.list.length > before ? 'refused' : device;
}

/** The row's `expect`, which must name at least one thing to assert. */
function readExpect(entry: Json, path: string, problems: Problems): AccessAssertion['expect'] | undefined {
  const value = entry.expect;
  const at = `${path}.expect`;
  if (!isObject(value)) {
    problems.add(
      at,
      value === undefined
        ? 'required: what Okta should give, e.g. { "access": "ALLOW", "factors": "phishing-resistant" }'
        : `expected an object like { "policy": "Finance apps", "factors": "two factors" }, got ${typeName(value)}`,
    );
    return undefined;
  }
  const before = problems.list.length;
  const expect = readLevel(value, EXPECT, problems, { parent: at, fields: {} });
  if (problems.list.length > before) return undefined;
  if (Object.keys(expect).length === 0) {
    problems.add(at, 'asserts nothing: name at least one of "policy", "rule", "access" or "factors"');
    return undefined;
  }
  return expect;
}

/** One row, or undefined with its problems added. */
function readRow(entry: Json, path: string, problems: Problems): AccessAssertion | undefined {
  const before = problems.list.length;
  const row = readLevel(entry, ACCESS_ASSERTION_SCHEMA, problems, { parent: path, fields: ROW_READ });
  const device = readDevice(entry, path, problems);
  const expect = readExpect(entry, path, problems);
  if (
    row.user === undefined &&
    (row.groups ?? []).length === 0 &&
    entry.user === undefined &&
    entry.groups === undefined
  )
    problems.add(path, 'names nobody: give "user" (a 00u... id) or "groups" (00g... ids), or both');
  if (row.zone !== undefined && row.ip !== undefined)
    problems.add(`${path}.ip`, 'a request comes from one place: give "zone" or "ip", not both');
  if (problems.list.length > before || row.id === undefined || row.app === undefined || expect === undefined)
    return undefined;
  if (device === 'refused') return undefined;
  return {
    id: row.id,
    app: row.app,
    ...(row.user !== undefined && { user: row.user }),
    groups: [...(row.groups ?? [])],
    ...(row.zone !== undefined && { zone: row.zone }),
    ...(row.ip !== undefined && { ip: row.ip }),
    ...(device !== undefined && Object.keys(device).length > 0 && { device }),
    ...(row.risk !== undefined && { risk: row.risk }),
    expect,
  };
}

/** The rows as written: every problem of every row added, each under its path. */
function readAccessAssertions(raw: Json, problems: Problems): AccessAssertion[] | undefined {
  const value = raw.accessAssertions;
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.add(
      PATH,
      'expected an array of rows like [{ "id": "finance-remote", "app": "0oa...", "groups": ["00g..."], "expect": ' +
        `{ "factors": "phishing-resistant" } }], got ${typeName(value)}`,
    );
    return undefined;
  }
  if (value.length > ACCESS_ASSERTIONS.maxRows) {
    problems.add(
      PATH,
      `${value.length} rows: one simulation a run carries at most ${ACCESS_ASSERTIONS.maxRows} (and reads their ` +
        "rules within the Policy API's rate limit); keep the rows that matter most, or deploy a second stack for " +
        'the rest',
    );
    return undefined;
  }
  const rows: AccessAssertion[] = [];
  const ids = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    const path = `${PATH}[${index}]`;
    if (!isObject(entry)) {
      problems.add(path, `expected a row object, got ${typeName(entry)}`);
      return;
    }
    const row = readRow(entry, path, problems);
    if (row === undefined) return;
    const clash = ids.get(row.id);
    if (clash !== undefined) {
      problems.add(`${path}.id`, `"${row.id}" is already the id of ${PATH}[${clash}]: each row needs its own name`);
      return;
    }
    ids.set(row.id, index);
    rows.push(row);
  });
  return rows;
}

/**
 * The servers with the rows carried by the "org" server, whose client asks the simulation. A config without an "org"
 * server is refused with the fix; the scope is asked on a token of its own, so the server's scopes need not list it.
 */
export function withAccessAssertions(
  raw: Json,
  servers: readonly ServerConfig[] | undefined,
  problems: Problems,
): ServerConfig[] | undefined {
  const rows = readAccessAssertions(raw, problems);
  if (servers === undefined) return undefined;
  if (rows === undefined || rows.length === 0) return [...servers];
  const written = (Array.isArray(raw.servers) ? raw.servers : []).some((s) => isObject(s) && s.id === ORG_SERVER_ID);
  if (!servers.some((s) => s.id === ORG_SERVER_ID)) {
    // An "org" entry refused for a problem of its own is told at its own field; this would only repeat it.
    if (!written)
      problems.add(
        PATH,
        `asks Okta's policy simulation with the "org" server's client: add a server with "id": "org" (its app ` +
          `granted ${POLICIES_SCOPE}, docs/access-assertions.md), or remove ${PATH}`,
      );
    return [...servers];
  }
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, accessAssertions: rows } : s));
}
