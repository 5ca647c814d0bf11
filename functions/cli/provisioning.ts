// What `plan` and a run's report say about SAML apps that provision users. Assigning the synthetic user to an app
// whose Provisioning > To App has Create Users on makes Okta create a real account for it in the SP, and push its
// profile there: a side effect of monitoring that nobody wants. Okta says so in the app listing a discovery already
// reads (each app's `features`, okta/item.ts PROVISIONING_FEATURES), so a run's report warns of each discovered app
// it lists, and of each listed app the inventory's listing holds (inventory/listed-apps.ts); a run kept with
// --history keeps both, and `plan` reads those kept records. It reads nothing from Okta itself: of groups no run has
// discovered yet, and of listed apps no kept record holds, it can only say what to check.
import type { LoadedConfig } from '../config/parse';
import type { ListedProvisioning } from '../types';
import { readKeptApp, itemName } from '../probe/saml/group/apps';
import { createFileCatalogueStore } from './catalogue-file';
import { createFileKeptStore } from './kept-state-file';
import { INVENTORY_SCOPES, KEPT_KEYS, ORG_SERVER_ID } from '../contract';
import { listedProvisioning, readListedRecord } from '../probe/inventory/listed-apps';
import { agoText } from '../probe/okta/item';

/** A discovered app Okta said provisions users, by the group that found it. */
interface ProvisioningApp {
  readonly group: string;
  /** Its label and Okta id, as reports name it. */
  readonly app: string;
  readonly features: readonly string[];
}

/** A listed app, or a group, that plan cannot tell about, and why. */
interface Unknown {
  readonly name: string;
  readonly why: string;
}

interface ProvisioningPlan {
  /** Discovered apps whose listing said they provision users. */
  readonly apps: readonly ProvisioningApp[];
  /** Listed apps the inventory's kept app listing says provision users. */
  readonly listed: readonly ListedProvisioning[];
  /** Groups with no kept discovery, that plan cannot tell about. */
  readonly unknown: readonly string[];
  /** Listed apps no kept app listing tells of, each with why. */
  readonly unknownListed: readonly Unknown[];
  /** When the kept app listing was read (epoch ms), when one tells of the listed apps. */
  readonly listedAt?: number;
  /** When plan looked (epoch ms): the listing's age is told from it. */
  readonly now: number;
}

/** What the kept records of `historyDir` say of the config's groups and listed apps; each unknown without one. */
export async function provisioningPlan(
  config: LoadedConfig,
  historyDir: string | undefined,
  now = Date.now(),
): Promise<ProvisioningPlan> {
  const groups = (config.probe.samlGroups ?? []).map((group) => group.id);
  const store = historyDir === undefined ? undefined : createFileCatalogueStore(historyDir);
  const apps: ProvisioningApp[] = [];
  const undiscovered: string[] = [];
  for (const group of groups) {
    const kept = store === undefined ? new Map<string, unknown>() : await store.read(group).catch(() => new Map());
    const found = [...kept.values()].flatMap((value) => readKeptApp(value)?.found ?? []);
    if (found.length === 0) undiscovered.push(group);
    for (const app of found)
      if (app.provisions !== undefined)
        apps.push({ group, app: itemName({ id: app.appId, found: app }), features: app.provisions });
  }
  return { apps, unknown: undiscovered, now, ...(await listedPlan(config, historyDir, now)) };
}

/**
 * The listed apps as the inventory's app listing last told of them (kept beside --history by a run that read it):
 * those that provision, and those it cannot tell of, with why (no inventory reads the listing, no run kept it, or
 * the listing did not hold the app).
 */
async function listedPlan(
  config: LoadedConfig,
  historyDir: string | undefined,
  now: number,
): Promise<Pick<ProvisioningPlan, 'listed' | 'unknownListed' | 'listedAt'>> {
  const listed = (config.probe.samlApps ?? []).map((app) => app.id);
  if (listed.length === 0) return { listed: [], unknownListed: [] };
  const org = config.probe.servers.find((server) => server.id === ORG_SERVER_ID);
  const readsListing = org?.inventory === true && org.scopes.includes(INVENTORY_SCOPES['app-certificates']);
  const kept =
    historyDir === undefined || !readsListing
      ? undefined
      : readListedRecord(
          await createFileKeptStore(historyDir)
            .read(KEPT_KEYS.listedSamlApps)
            .catch(() => undefined),
          now,
        );
  const why = !readsListing
    ? `no inventory reads Okta's app listing (it needs the "org" server with "inventory": true and ` +
      `${INVENTORY_SCOPES['app-certificates']} in its scopes)`
    : historyDir === undefined
      ? 'plan reads nothing from Okta, and no --history DIR was given, where a run keeps what the inventory read'
      : `no run with --history ${historyDir} has read the inventory's app listing yet`;
  const byId = new Map((kept?.apps ?? []).map((match) => [match.listed, match]));
  const unknownListed = listed.flatMap((id): Unknown[] => {
    const match = byId.get(id);
    if (match === undefined) return [{ name: id, why }];
    return 'why' in match ? [{ name: id, why: `the app listing read did not tell: ${match.why}` }] : [];
  });
  const found = listedProvisioning([...byId.values()].filter((match) => listed.includes(match.listed)));
  const told = kept !== undefined && listed.some((id) => byId.has(id));
  return { listed: found, unknownListed, ...(told && { listedAt: kept.at }) };
}

/**
 * Where plan's word on the listed apps comes from: a listing a run read, which grows stale when the history's runs
 * stop (an app whose Create Users was turned on since is not warned of).
 */
function listedSource(plan: ProvisioningPlan): string[] {
  if (plan.listedAt === undefined) return [];
  return [
    `SAML apps listed: told by Okta's app listing as a run read it at ${new Date(plan.listedAt).toISOString()} ` +
      `(${agoText(plan.listedAt, plan.now)} ago); a run with the same --history reads it again.`,
  ];
}

/** What to do about an app that provisions, in the Admin Console's terms. */
const WHAT_TO_DO =
  "don't assign the synthetic user to apps that provision: remove its assignment (Admin Console > Applications > " +
  'Applications > the app > Assignments) so that the discovery no longer finds the app, or turn Create Users off ' +
  'for it (the app > Provisioning > To App) if nothing else needs it';

/** The warning about one app that provisions users, as `plan` and a run's report both give it. */
export function provisioningWarning(a: ProvisioningApp): string {
  return (
    `Warning: SAML app ${a.app} of group ${a.group} provisions users (${a.features.join(', ')}): assigning the ` +
    `synthetic user to it makes Okta create a real account for that user in the app, on every SP it pushes to. ` +
    `Instead, ${WHAT_TO_DO}.`
  );
}

/** What to do about a listed app that provisions: the config names it, so assigning the user was deliberate. */
const WHAT_TO_DO_LISTED =
  "don't monitor it with a synthetic user: remove it from samlApps and remove the user's assignment (Admin Console > " +
  'Applications > Applications > the app > Assignments), or turn Create Users off for it (the app > Provisioning > ' +
  'To App) if nothing else needs it';

/**
 * The warning about a listed app (samlApps[]) that Okta's app listing says provisions users, as a run's report and
 * `plan --history` both give it; `by` says how the listing's app was told to be the listed one.
 */
export function listedProvisioningWarning(a: ListedProvisioning): string {
  const found = a.by === 'id' ? 'by the app id in its URLs' : "by its SSO URL's app name and its audience";
  return (
    `Warning: SAML app ${a.listed} (Okta's ${a.app}, found in the inventory's app listing ${found}) provisions ` +
    `users (${a.features.join(', ')}): the synthetic user assigned to it has a real account in the app, created ` +
    `by Okta on every SP it pushes to. Instead, ${WHAT_TO_DO_LISTED}.`
  );
}

/** The plan's lines: a warning per provisioning app, and what to check of the apps it cannot tell about. */
export function provisioningLines(plan: ProvisioningPlan): string[] {
  return [
    ...plan.apps.map(provisioningWarning),
    ...plan.listed.map(listedProvisioningWarning),
    ...listedSource(plan),
    ...(plan.unknown.length === 0
      ? []
      : [
          `SAML apps: plan reads nothing from Okta, so it cannot tell whether ${plan.unknown.join(', ')} provision ` +
            'users (a group is known once a run with --history DIR has discovered it: plan --history DIR). An app ' +
            'with Provisioning > To App > Create Users on creates a real account for every user assigned to it: ' +
            `check each, and ${WHAT_TO_DO}.`,
        ]),
    ...plan.unknownListed.map(
      (u) =>
        `SAML app ${u.name}: plan cannot tell whether it provisions users: ${u.why}. An app with Provisioning > To ` +
        'App > Create Users on creates a real account for every user assigned to it: check it, and ' +
        `${WHAT_TO_DO_LISTED}.`,
    ),
  ];
}
