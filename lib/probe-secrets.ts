// The servers' credential secrets and the synthetic users' (signIn): one the stack creates per server or journey
// (holding a placeholder until an operator puts the credential) or the existing one the entry names with secretName.
// The probe function reads them by name: the configuration is written into its bundle at synth, before any ARN exists.
import { CfnOutput, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  credentialFileName,
  defaultSecretName,
  previewCredentialFileName,
  previewSecretName,
  type LoadedConfig,
} from '../functions/config/parse';
import { shellWord } from '../functions/text/shell-word';
import { SECRET_PLACEHOLDER } from '../functions/contract';
import { userSecretFileName, userSecretPlaceholder, userSecretShape } from '../functions/credentials/user-secret';
import { maskedUsername } from '../functions/plan/subject';

/** A server's credential secret: created by the stack (placeholder value) or an existing one. */
export interface ProbeSecret {
  readonly serverId: string;
  readonly secret: ISecret;
  /** What the Lambda passes as SecretId: the name of a created secret, else the name or ARN the config gives. */
  readonly secretId: string;
  readonly created: boolean;
}

interface ProbeSecretsProps {
  /** The configuration, loaded in deploy mode: every server's credential is a Secrets Manager one. */
  readonly config: LoadedConfig;
  /**
   * The Preview org's secrets (config.probe is then the Preview org's): named <prefix>/preview/<id>, beside
   * Production's and never the same.
   * @default false
   */
  readonly preview?: boolean;
}

export class ProbeSecrets extends Construct {
  readonly secrets: readonly ProbeSecret[];
  /** The name a created secret gets, from the prefix and the server's or journey's id. */
  private readonly nameOf: (prefix: string, id: string) => string;
  /** "Preview " for the Preview org's secrets, in their descriptions and outputs. */
  private readonly whose: string;
  /** The files the Put outputs read: the Preview org's apart from Production's, whose ids are the same. */
  private readonly files: { readonly credential: typeof credentialFileName; readonly user: (id: string) => string };

  constructor(scope: Construct, id: string, props: ProbeSecretsProps) {
    super(scope, id);
    const { config } = props;
    this.nameOf = props.preview === true ? previewSecretName : defaultSecretName;
    this.whose = props.preview === true ? 'Preview ' : '';
    this.files =
      props.preview === true
        ? { credential: previewCredentialFileName, user: (id) => userSecretFileName(`preview-${id}`) }
        : { credential: credentialFileName, user: userSecretFileName };
    this.secrets = [
      ...config.probe.servers.map((server) => this.serverSecret(server.id, server.credential, config)),
      ...(config.probe.signIn ?? []).map((signIn) => this.userSecret(signIn, config)),
    ];
  }

  /** The SecretId each server's credential is read with, by server id. */
  get secretIds(): ReadonlyMap<string, string> {
    return new Map(this.secrets.map((s) => [s.serverId, s.secretId]));
  }

  /**
   * Lets `fn` read every server's secret, and nothing else in Secrets Manager; with `only`, the secrets of those
   * servers' or journeys' ids alone (the browser function reads its journeys' users' secrets and no other).
   */
  grantRead(fn: IFunction, only?: ReadonlySet<string>): void {
    const granted = this.secrets.filter((s) => only === undefined || only.has(s.serverId));
    for (const s of granted) s.secret.grantRead(fn);
    for (const arn of granted.flatMap((s) => (s.created ? [] : ambiguousSecretArns(s.secretId)))) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [arn],
        }),
      );
    }
  }

  /**
   * A synthetic user's secret: one JSON holding the password and the TOTP secret (and a client secret),
   * created holding a JSON placeholder with those members, so the console's key/value view shows what to fill in.
   */
  private userSecret(signIn: NonNullable<LoadedConfig['probe']['signIn']>[number], config: LoadedConfig): ProbeSecret {
    const source = signIn.secrets;
    if (source.from !== 'secrets_manager')
      throw new Error(`ProbeSecrets: signIn "${signIn.id}" has a local secret; load the configuration in deploy mode`);
    const logicalId = `UserSecret-${signIn.id.replace(/[^A-Za-z0-9]/g, '')}`;
    if (source.secretId !== undefined)
      return {
        serverId: signIn.id,
        secret: this.existingSecret(logicalId, source.secretId),
        secretId: source.secretId,
        created: false,
      };
    const secretName = this.nameOf(config.deploy.prefix, signIn.id);
    const shape = userSecretShape(signIn.confidential);
    // The user is named masked, as in the alarms: the whole login is an account name to try passwords against.
    const whose =
      `the synthetic user of the "${signIn.id}" sign-in journey (${maskedUsername(signIn.username)} at app ${signIn.clientId}) ` +
      `of ${config.probe.orgUrl}`;
    const secret = new Secret(this, logicalId, {
      secretName,
      description: `okta-synthetics: the secrets of ${whose}, as JSON ${shape}. Put it with put-secret-value.`,
      // Not a secret: markers the probe recognizes; the journey is N/A, "not configured yet", until the real JSON is
      // put.
      secretStringValue: SecretValue.unsafePlainText(userSecretPlaceholder(signIn.confidential)),
      // Kept like a server's: the user's TOTP secret is shown once at enrollment, and may exist nowhere else (but by
      // the rollback of the deploy that created it, which leaves its name free for the retry).
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The value is a synthetic Okta user's password and TOTP secret: changed in Okta by an operator, then " +
        'put here; a rotation Lambda cannot change them on the Okta side.',
    });
    const file = this.files.user(signIn.id);
    new CfnOutput(this, `${logicalId}-Name`, {
      description: `Secret of the ${this.whose}"${signIn.id}" journey: ${shape}`,
      value: secretName,
    });
    new CfnOutput(this, `${logicalId}-Put`, {
      description:
        `Command that stores the "${signIn.id}" user's secrets from a file (keep it out of version control; ` +
        `the CLI can read the same file)`,
      // From a file, never on the command line (shell history); the comment after # shows the JSON the file holds.
      value:
        `aws secretsmanager put-secret-value --region ${Stack.of(this).region} --secret-id ${secretName} ` +
        `--secret-string file://${file}  # ${file}: ${shape}`,
    });
    return { serverId: signIn.id, secret, secretId: secretName, created: true };
  }

  /** An existing secret the config names: by name, or by ARN (complete or partial: see ambiguousSecretArns). */
  private existingSecret(logicalId: string, existing: string): ISecret {
    if (!existing.startsWith('arn:')) return Secret.fromSecretNameV2(this, logicalId, existing);
    return COMPLETE_ARN_SUFFIX.test(existing)
      ? Secret.fromSecretCompleteArn(this, logicalId, existing)
      : Secret.fromSecretPartialArn(this, logicalId, existing);
  }

  private serverSecret(
    serverId: string,
    credential: LoadedConfig['probe']['servers'][number]['credential'],
    config: LoadedConfig,
  ): ProbeSecret {
    if (credential.kind !== 'secrets_manager') {
      throw new Error(
        `ProbeSecrets: server "${serverId}" has a local credential; load the configuration in deploy mode`,
      );
    }
    const logicalId = `Secret-${serverId.replace(/[^A-Za-z0-9]/g, '')}`;
    const what =
      credential.secretKind === 'private_key_jwt'
        ? 'the PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") of the Okta app'
        : 'the client secret of the Okta app';
    if (credential.secretId === undefined) {
      const secretName = this.nameOf(config.deploy.prefix, serverId);
      const secret = new Secret(this, logicalId, {
        secretName,
        description:
          `okta-synthetics: ${what} used to probe the "${serverId}" authorization server of ${config.probe.orgUrl} ` +
          `(${credential.secretKind}). Put it with put-secret-value.`,
        // Not a secret: a marker the probe recognizes: its server's credential checks are N/A, "not configured yet"
        // (pending, never a page), until replaced. Past PLACEHOLDER_GRACE_HOURS after this version was made they say
        // "not monitored", and <prefix>-credentials-not-put warns.
        secretStringValue: SecretValue.unsafePlainText(SECRET_PLACEHOLDER),
        // Once put, the credential may exist nowhere else (Okta shows a generated private key once): kept when the
        // stack is destroyed or the secret replaced (a changed prefix renames it; secretName uses it again), but not by
        // the rollback of the deploy that made it, which holds the placeholder still and whose retry needs the name.
        removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The value is an Okta app credential (client secret or private key): it is rotated in Okta by an ' +
          'operator, then put here; a Secrets Manager rotation Lambda cannot change it on the Okta side.',
      });
      // The key file the config names for the CLI, else the one init names: the put command works as printed.
      const file = credential.keyFile ?? this.files.credential(serverId, credential.secretKind);
      new CfnOutput(this, `${logicalId}-Name`, {
        description: `Secret of the ${this.whose}"${serverId}" server: ${what}`,
        value: secretName,
      });
      new CfnOutput(this, `${logicalId}-Put`, {
        description: `Command that stores the "${serverId}" credential (keep the file out of version control)`,
        value:
          `aws secretsmanager put-secret-value --region ${Stack.of(this).region} --secret-id ${secretName} ` +
          `--secret-string file://${shellWord(file)}`,
      });
      // By name: the configuration is written into the bundle at synth, before any ARN exists.
      return { serverId, secret, secretId: secretName, created: true };
    }
    return {
      serverId,
      secret: this.existingSecret(logicalId, credential.secretId),
      secretId: credential.secretId,
      created: false,
    };
  }
}

/**
 * A complete secret ARN ends in "-" and six random characters, but so may a partial ARN whose name ends like
 * that ("okta-synthetics/prod-server"): read as complete, its grant would miss the real ARN. For such an ARN
 * the grant also covers the name plus a suffix, so either reading works. Other ARNs need nothing extra.
 */
function ambiguousSecretArns(secretId: string): string[] {
  return secretId.startsWith('arn:') && COMPLETE_ARN_SUFFIX.test(secretId) ? [`${secretId}-??????`] : [];
}

const COMPLETE_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;
