// What `plan` and a run's report say about SAML apps that provision users. Assigning the synthetic user to an app
// whose Provisioning > To App has Create Users on makes Okta create a real account for it in the SP, and push its
// profile there: a side effect of monitoring that nobody wants. Okta says so in the app listing a discovery already
// reads (each app's `features`, apps.ts PROVISIONING_FEATURES), so a run's report warns of each discovered app it
// lists, and a run kept with --history knows it of every discovered app; `plan` reads those kept records. It reads
// nothing from Okta itself: of listed apps, and of groups no run has discovered yet, it can only say what to check.
import type { LoadedConfig } from '../config/parse';
import { readKeptApp, itemName } from '../probe/saml/group/apps';
import { createFileCatalogueStore } from './catalogue-file';

/** A discovered app Okta said provisions users, by the group that found it. */
interface ProvisioningApp {
  readonly group: string;
  /** Its label and Okta id, as reports name it. */
  readonly app: string;
  readonly features: readonly string[];
}

interface ProvisioningPlan {
  /** Discovered apps whose listing said they provision users. */
  readonly apps: readonly ProvisioningApp[];
  /** Listed apps, and groups with no kept discovery, that plan cannot tell about. */
  readonly unknown: readonly string[];
}

/** What the kept catalogues of `historyDir` say of the config's groups; every group unknown without one. */
export async function provisioningPlan(
  config: LoadedConfig,
  historyDir: string | undefined,
): Promise<ProvisioningPlan> {
  const listed = (config.probe.samlApps ?? []).map((app) => app.id);
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
  return { apps, unknown: [...listed, ...undiscovered] };
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

/** The plan's lines: a warning per provisioning app, and what to check of the apps it cannot tell about. */
export function provisioningLines(plan: ProvisioningPlan): string[] {
  return [
    ...plan.apps.map(provisioningWarning),
    ...(plan.unknown.length === 0
      ? []
      : [
          `SAML apps: plan reads nothing from Okta, so it cannot tell whether ${plan.unknown.join(', ')} provision ` +
            'users (a group is known once a run with --history DIR has discovered it: plan --history DIR). An app ' +
            'with Provisioning > To App > Create Users on creates a real account for every user assigned to it: ' +
            `check each, and ${WHAT_TO_DO}.`,
        ]),
  ];
}
