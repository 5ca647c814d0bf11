// The top-level blocks that ride on the "org" server and read the System Log with its token (userSignIns,
// provisioning, integrationHealth): each block's module declares how it is read and what it asks of that server
// (OrgBlock), and withOrgBlock carries it there, or says why it cannot.
import { ORG_SERVER_ID } from '../contract';
import type { ServerConfig } from '../types';
import { isObject, type Json, type Problems } from './readers';

/** The top-level blocks that ride on the "org" server, by their name in the config and on ServerConfig. */
type OrgBlockField = 'userSignIns' | 'provisioning' | 'integrationHealth';

/** A top-level block carried by the "org" server: how it is read and what it asks of that server. */
export interface OrgBlock<K extends OrgBlockField> {
  /** Its name, in the config and on ServerConfig. */
  readonly field: K;
  /** The block as written: undefined when absent, or wrong (its problem added). */
  readonly read: (raw: Json, problems: Problems) => ServerConfig[K] | undefined;
  /** What to do when no "org" server is written at all. */
  readonly absent: string;
  /** What else the block asks of the "org" server (a scope): false, with its problem added, refuses it. */
  readonly accepts?: (org: ServerConfig, problems: Problems) => boolean;
}

/** What a block that reads the System Log alone says with no "org" server written: add one, or remove the block. */
export function orgServerAbsent(field: OrgBlockField, doc: string): string {
  return (
    'reads the System Log with the "org" server\'s token: add a server with "id": "org" and "systemLog": true ' +
    `(${doc}), or remove ${field}`
  );
}

/** What a block says when the "org" server it reads the System Log with is missing, or does not read the log. */
interface OrgLogAdvice {
  /** No "org" server written at all. */
  readonly absent: string;
  /** An "org" server without "systemLog": true. */
  readonly notReading: string;
}

/**
 * The "org" server a top-level block reads the System Log with, or undefined with the problem added at `field`. An
 * "org" entry written but refused for a problem of its own: that problem is the cause, said at its field; that the
 * block then has no server to read with is its consequence, never a second line telling to add what is there.
 */
function orgLogReader(
  raw: Json,
  servers: readonly ServerConfig[],
  field: string,
  advice: OrgLogAdvice,
  problems: Problems,
): ServerConfig | undefined {
  const org = servers.find((s) => s.id === ORG_SERVER_ID);
  const written = (Array.isArray(raw.servers) ? raw.servers : []).find((s) => isObject(s) && s.id === ORG_SERVER_ID);
  if (org === undefined && isObject(written) && written.systemLog === true) return undefined;
  if (org?.systemLog === true) return org;
  problems.add(field, org === undefined && written === undefined ? advice.absent : advice.notReading);
  return undefined;
}

/** The servers with the block carried by the "org" server, which must read the System Log and accept it. */
export function withOrgBlock<K extends OrgBlockField>(
  raw: Json,
  servers: readonly ServerConfig[] | undefined,
  problems: Problems,
  { field, read, absent, accepts = () => true }: OrgBlock<K>,
): ServerConfig[] | undefined {
  const block = read(raw, problems);
  if (servers === undefined || block === undefined) return servers === undefined ? undefined : [...servers];
  const notReading =
    'reads the System Log with the "org" server\'s token: add "systemLog": true to it (and okta.logs.read to its ' +
    `scopes), or remove ${field}`;
  const org = orgLogReader(raw, servers, field, { absent, notReading }, problems);
  if (org === undefined || !accepts(org, problems)) return [...servers];
  return servers.map((s) => (s.id === ORG_SERVER_ID ? { ...s, [field]: block } : s));
}
