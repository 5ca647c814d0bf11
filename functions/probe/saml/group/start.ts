// How a run starts its groups of SAML apps: which are planned, with their journey and listed apps, and
// the scope they run in (scope.ts): their store, their exchange (each app's answers capped alone, never the run's
// shared bytes: a group drops them once judged), and the "org" server for those that discover their apps.
import { ORG_SERVER_ID, type CheckName } from '../../../contract';
import type { ProbeConfig, ProbeOptions, RunProgress } from '../../../types';
import type { Exchange } from '../../context';
import type { ListBudget } from '../../http';
import { serverEndpoints } from '../../endpoints';
import { defaultCatalogueStore } from '../../kept-store';
import type { DiscoveryContext } from './discover';
import type { UserPaces } from '../../user-pace';
import { samlGroupScope, type GroupScope, type PlannedGroup } from './scope';
import { ASSIGNMENT_SCOPE, readAppLinks, type AppLinksRead } from '../assignment';

/** What a run shares with its groups (the engine's RunContext, in part). */
interface GroupRun {
  readonly config: ProbeConfig;
  readonly options: ProbeOptions;
  readonly exchange: (sender: { readonly server: string; readonly check: CheckName }, ownBudget?: boolean) => Exchange;
  readonly now: () => number;
  readonly secrets: string[];
  readonly retryPause: () => Promise<void>;
  /** Each synthetic user's pace: a group's apps keep their journey's user's (user-pace.ts). */
  readonly paces: UserPaces;
  /** The run's progress: how many apps each group checks this run, and each as it settles. */
  readonly progress: (event: RunProgress) => void;
  /** The run's bytes of Okta's list answers, shared with its other readers. */
  readonly listBudget?: ListBudget;
}

/**
 * The groups planned, each with its journey and listed apps: a group whose journey is not in the run has no session.
 */
export function plannedGroups(
  config: ProbeConfig,
  byServer: ReadonlyMap<string, readonly CheckName[]>,
): PlannedGroup[] {
  return (config.samlGroups ?? []).flatMap((group) => {
    const signIn = config.signIn?.find((j) => j.id === group.signIn);
    if (signIn === undefined || !byServer.has(group.id)) return [];
    return [{ group, signIn, listed: (config.samlApps ?? []).filter((app) => app.group === group.id) }];
  });
}

export function startGroups(groups: readonly PlannedGroup[], run: GroupRun): GroupScope {
  const { config, options } = run;
  return samlGroupScope(groups, {
    store: options.catalogueState ?? defaultCatalogueStore(options.cache),
    exchange: (group) => run.exchange({ server: group.id, check: 'saml-apps' }, true),
    now: run.now,
    ...(options.deadline !== undefined && { deadline: options.deadline }),
    timeoutMs: config.timeoutMs,
    orgUrl: config.orgUrl,
    ...(options.cache !== undefined && { cache: options.cache }),
    expiryWarnDays: config.expiryWarnDays,
    secrets: run.secrets,
    retryPause: run.retryPause,
    ...(options.everySamlApp === true && { whole: true }),
    pace: (signIn) => run.paces.of(signIn.username),
    progress: run.progress,
    discovery: (planned) => discoveryContext(run, planned),
    appLinks: appLinksOnce(run),
  });
}

/**
 * A journey's user's app links through the "org" server, read once a run per user by the first app of its groups
 * whose walk lands on an error page (a healthy catalogue asks Okta nothing); why not, when it cannot read users.
 */
function appLinksOnce(run: GroupRun): (planned: PlannedGroup) => Promise<AppLinksRead> {
  const read = new Map<string, Promise<AppLinksRead>>();
  return (planned) => {
    const known = read.get(planned.signIn.username);
    if (known !== undefined) return known;
    const context = discoveryContext(run, planned);
    const links: Promise<AppLinksRead> =
      'unavailable' in context
        ? Promise.resolve({ unavailable: context.unavailable })
        : !context.server.server.scopes.includes(ASSIGNMENT_SCOPE)
          ? Promise.resolve({
              unavailable: `the "org" server reads no users (give it the scope ${ASSIGNMENT_SCOPE})`,
            })
          : readAppLinks(context.server, planned.signIn.username);
    read.set(planned.signIn.username, links);
    return links;
  };
}

/**
 * The "org" server as a group's discovery reads the Management API with it: its credential, its URLs, the group's
 * exchange.
 */
function discoveryContext(
  run: GroupRun,
  { group, signIn }: PlannedGroup,
): DiscoveryContext | { readonly unavailable: string } {
  const server = run.config.servers.find((s) => s.id === ORG_SERVER_ID);
  if (server === undefined) return { unavailable: 'no "org" server in the config to read the Management API with' };
  const credential = run.options.credentials.get(server.id);
  if (credential === undefined || credential.kind === 'not-configured')
    return {
      unavailable:
        'the "org" server\'s credential is not put yet: the group\'s listed apps are checked, and the ' +
        'catalogue is listed once it is',
    };
  if (credential.kind === 'unavailable')
    return {
      unavailable:
        `the "org" server's credential could not be read (${credential.code}): the apps found before are ` + `checked`,
    };
  return {
    username: signIn.username,
    secrets: run.secrets,
    server: {
      server,
      orgServer: true,
      endpoints: serverEndpoints(run.config.orgUrl, server.id, server.issuer),
      credential,
      exchange: run.exchange({ server: group.id, check: 'saml-apps' }),
      now: run.now,
      ...(run.listBudget !== undefined && { listBudget: run.listBudget }),
      ...(run.options.cache !== undefined && { cache: run.options.cache }),
    },
  };
}
