// `plan --org`: the access assertions' rows asked of the org before a deploy (probe/access/org-rows.ts), read-only,
// with the credential `run` uses: the config read as `run` reads it (the "org" server's key file or variable), never
// printed. A value the org does not have refuses the config as a shape does, naming the field and the fix (exit 2);
// a value not checked (a scope not granted, a role missing, a 429, Okta down) is said with why, never a refusal.
import { ORG_SERVER_ID } from '../contract';
import { loadConfigFile, type LoadedConfig } from '../config/parse';
import { LOCAL_CREDENTIAL_FILES, resolveLocalCredentials } from '../credentials/local';
import { secretValues } from '../credentials/secret-values';
import { askRowsOfOrg, type FieldAsked } from '../probe/access/org-rows';
import type { CredentialResult } from '../types';
import { serverEndpoints } from '../probe/endpoints';
import { send } from '../probe/http';
import { redact } from '../text/redact';
import { awsTarget } from './aws';
import { EXIT, UsageError, useColor, type CommandIo } from './frame';
import { renderConfigErrors } from './render';

/** What the org answered of the rows: how many values it has, and those not checked with why. */
export interface OrgAnswer {
  /** The org asked (its orgUrl). */
  readonly org: string;
  /** Values of the rows the org has. */
  readonly found: number;
  /** Values the org could not be asked of, each with why and what to grant. */
  readonly unchecked: readonly { readonly field: string; readonly value: string; readonly why: string }[];
}

/** Where --org reads the "org" server's credential, as `run --secrets` does, and the AWS account for "aws". */
interface OrgSecrets {
  readonly from: 'local' | 'aws';
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}

/** plan's --secrets, --region and --profile, which apply only with --org (and the last two only with aws). */
export function orgSecrets(values: {
  readonly org?: boolean | undefined;
  readonly secrets?: string | undefined;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
}): OrgSecrets {
  const from = values.secrets ?? 'local';
  if (values.secrets !== undefined && values.org !== true)
    throw new UsageError(
      'plan: --secrets applies only with --org (where the "org" server\'s credential is read)',
      'plan',
    );
  if (from !== 'local' && from !== 'aws')
    throw new UsageError(`plan: --secrets must be "local" or "aws", got "${from}"`, 'plan');
  for (const flag of ['region', 'profile'] as const)
    if (values[flag] !== undefined && from !== 'aws')
      throw new UsageError(`plan: --${flag} applies only with --org --secrets aws (where the secret is read)`, 'plan');
  return { from, region: values.region, profile: values.profile };
}

/** The "org" server with its credential: as `run` reads it locally, or from the deployed probe's secret. */
async function orgCredential(
  file: string,
  deployed: LoadedConfig,
  source: OrgSecrets,
  io: CommandIo,
): Promise<{ probe: LoadedConfig['probe']; credentials: Map<string, CredentialResult> } | { exit: number }> {
  if (source.from === 'aws') {
    const org = deployed.probe.servers.filter((s) => s.id === ORG_SERVER_ID);
    const target = await awsTarget('plan', source, deployed.deploy, io);
    const { readAwsSecrets } = await import('./aws-secrets');
    const aws = await readAwsSecrets(deployed, org, target);
    const kind = aws.credentials.get(ORG_SERVER_ID)?.kind;
    const ok = kind !== 'unavailable' && kind !== 'not-configured';
    io.stderr(
      aws.read
        .map(
          (r) =>
            `plan --org: the "org" server's credential ${ok ? 'from' : 'not read from'} ${r.secretId} (${r.region})\n`,
        )
        .join(''),
    );
    return { probe: deployed.probe, credentials: aws.credentials };
  }
  const loaded = loadConfigFile(file, 'cli', io.env, { credentialFiles: LOCAL_CREDENTIAL_FILES });
  if (!loaded.ok) {
    io.stderr(renderConfigErrors(loaded.errors, file, { color: useColor(io, 'stderr') }));
    io.stderr(
      'plan --org reads the "org" server\'s credential as run does: fix the above, use --secrets aws once the ' +
        'stack is deployed, or plan without --org.\n',
    );
    return { exit: EXIT.usage };
  }
  return { probe: loaded.config.probe, credentials: resolveLocalCredentials(loaded.config.probe, io.env) };
}

/**
 * The rows asked of the org: its answer, null when the config holds no rows to ask, or the exit code after the
 * refusals (or the config's problems as `run` reads it) were printed on stderr.
 */
export async function askOrg(
  file: string,
  deployed: LoadedConfig,
  source: OrgSecrets,
  io: CommandIo,
): Promise<OrgAnswer | null | { readonly exit: number }> {
  // Nothing to ask: the credential is not even read (a key file only the deployed probe has is no problem then).
  if (!deployed.probe.servers.some((s) => s.id === ORG_SERVER_ID && (s.accessAssertions ?? []).length > 0)) return null;
  const read = await orgCredential(file, deployed, source, io);
  if ('exit' in read) return read;
  const { probe, credentials } = read;
  const server = probe.servers.find((s) => s.id === ORG_SERVER_ID);
  if (server === undefined || (server.accessAssertions ?? []).length === 0) return null;
  const asked = await askRowsOfOrg({
    server,
    orgServer: true,
    endpoints: serverEndpoints(probe.orgUrl, server.id, server.issuer),
    credential: credentials.get(server.id),
    exchange: (req) => send({ ...req, timeoutMs: probe.timeoutMs }),
    now: Date.now,
  });
  // Okta's words are scrubbed where they are read; the tokens and the key are scrubbed again before anything prints.
  const secrets = [...secretValues(credentials), ...asked.secrets];
  const said = (f: FieldAsked): string => redact(f.words ?? f.outcome, secrets);
  const refused = asked.fields.filter((f) => f.outcome === 'refused');
  if (refused.length > 0) {
    io.stderr(
      renderConfigErrors(
        refused.map((f) => `${f.field}: ${said(f)}`),
        file,
        { color: useColor(io, 'stderr') },
      ),
    );
    io.stderr(`Asked of ${probe.orgUrl} with the "org" server's client (plan --org): nothing was deployed.\n`);
    return { exit: EXIT.usage };
  }
  return {
    org: probe.orgUrl,
    found: asked.fields.filter((f) => f.outcome === 'found').length,
    unchecked: asked.fields
      .filter((f) => f.outcome === 'unchecked')
      .map((f) => ({ field: f.field, value: f.value, why: said(f) })),
  };
}

/** The org's answer in words: what it has, and each reason a value went unchecked with the fields it holds back. */
export function orgAnswerLines(answer: OrgAnswer | null | undefined): string[] {
  if (answer === undefined) return [];
  if (answer === null) return ['Asked of the org (--org): nothing, the config has no accessAssertions.'];
  const why = new Map<string, string[]>();
  for (const u of answer.unchecked) why.set(u.why, [...(why.get(u.why) ?? []), u.field]);
  return [
    `Asked of ${answer.org} (--org): ${answer.found} of the rows' apps, users, groups and zones found` +
      (why.size === 0 ? ', every one.' : `; ${answer.unchecked.length} not checked:`),
    ...[...why].map(([words, fields]) => `  ${fields.join(', ')}: ${words}.`),
  ];
}
