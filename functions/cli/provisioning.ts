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
  /** What of the config watches an app without the synthetic user: real users' sign-ins, the certificates' expiry. */
  readonly watched: { readonly userSignIns: boolean; readonly appCertificates: boolean };
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
  const watched = {
    userSignIns: config.probe.servers.some((server) => server.userSignIns !== undefined),
    appCertificates: readsListing(config),
  };
  return { apps, unknown: undiscovered, now, watched, ...(await listedPlan(config, historyDir, now)) };
}

/** Whether the inventory reads Okta's app listing: the "org" server with it and okta.apps.read. */
function readsListing(config: LoadedConfig): boolean {
  const org = config.probe.servers.find((server) => server.id === ORG_SERVER_ID);
  return org?.inventory === true && org.scopes.includes(INVENTORY_SCOPES['app-certificates']);
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
  const listing = readsListing(config);
  const kept =
    historyDir === undefined || !listing
      ? undefined
      : readListedRecord(
          await createFileKeptStore(historyDir)
            .read(KEPT_KEYS.listedSamlApps)
            .catch(() => undefined),
          now,
        );
  const why = !listing
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
  return (
    `${listedProvisioningFact(a)}: the synthetic user assigned to it has a real account in the app, created ` +
    `by Okta on every SP it pushes to. Instead, ${WHAT_TO_DO_LISTED}.`
  );
}

/** That a listed app provisions users, and how the listing's app was told to be it. */
function listedProvisioningFact(a: ListedProvisioning): string {
  const found = a.by === 'id' ? 'by the app id in its URLs' : "by its SSO URL's app name and its audience";
  return (
    `Warning: SAML app ${a.listed} (Okta's ${a.app}, found in the inventory's app listing ${found}) provisions ` +
    `users (${a.features.join(', ')})`
  );
}

/**
 * The plan's lines: each app that provisions named in a sentence, the apps and groups it cannot tell about gathered
 * by why, then once what to do about such an app and how it is still watched without the synthetic user (the same
 * nine lines after every app made three apps 27 lines that never said it).
 */
export function provisioningLines(plan: ProvisioningPlan): string[] {
  const facts = [
    ...plan.apps.map(
      (a) => `Warning: SAML app ${a.app} of group ${a.group} provisions users (${a.features.join(', ')}).`,
    ),
    ...plan.listed.map((a) => `${listedProvisioningFact(a)}.`),
  ];
  const byWhy = new Map<string, string[]>();
  for (const u of plan.unknownListed) byWhy.set(u.why, [...(byWhy.get(u.why) ?? []), u.name]);
  const unknown = [
    ...[...byWhy].map(
      ([why, names]) =>
        `SAML ${names.length === 1 ? 'app' : 'apps'} ${names.join(', ')}: plan cannot tell whether ` +
        `${names.length === 1 ? 'it provisions' : 'they provision'} users: ${why}.`,
    ),
    ...(plan.unknown.length === 0
      ? []
      : [
          `SAML ${plan.unknown.length === 1 ? 'group' : 'groups'} ${plan.unknown.join(', ')}: plan reads nothing ` +
            'from Okta, so it cannot tell whether its apps provision users (a group is known once a run with ' +
            '--history DIR has discovered it: plan --history DIR).',
        ]),
  ];
  if (facts.length === 0 && unknown.length === 0) return [];
  return [...facts, ...listedSource(plan), ...unknown, whatToDoOnce(plan, facts.length > 0)];
}

/**
 * What to do about an app that provisions, and how such an app is still watched without the synthetic user, said
 * once: real users' sign-ins to it (`userSignIns`, per app from the System Log) and its signing certificate's expiry
 * (the inventory's app-certificates, from the app's keys), each said to be on in this config or how to turn it on.
 */
function whatToDoOnce(plan: ProvisioningPlan, found: boolean): string {
  const on = (yes: boolean, how: string): string => (yes ? 'on in this config' : how);
  return (
    `${found ? 'Each' : 'An'} app with Provisioning > To App > Create Users on creates a real account for every user ` +
    "assigned to it, the synthetic user included: remove the synthetic user's assignment (Admin Console > " +
    'Applications > Applications > the app > Assignments; a listed app, from samlApps too), or turn Create Users ' +
    'off for it (the app > Provisioning > To App) if nothing else needs it. Such an app is still watched without ' +
    `the synthetic user: real users' sign-ins to it, per app (userSignIns: ` +
    `${on(plan.watched.userSignIns, 'docs/user-sign-ins.md')}), and its signing certificate's expiry (the ` +
    `inventory's app-certificates: ${on(plan.watched.appCertificates, 'docs/inventory.md')}).`
  );
}
