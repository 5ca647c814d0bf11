// What a config watches, by kind, with people's names: a run line names its targets by id only, so a listed SAML app
// that passes reads like a server, and a catalogue or real users' sign-ins appear in it only when they fail. The
// CLI (--config) and the Lambda (its config) give this to the fold, so the page names each before any failure.
import { STATUS_SERVER } from '../contract';
import type { ProbeConfig } from '../types';
import { USER_SIGN_INS_PART, type PartKind } from './model';

export interface WatchedPart {
  readonly id: string;
  readonly kind: PartKind;
  /** People's name for it ("name" in the config). */
  readonly name?: string;
}

/** Each thing the config watches that the page names: its targets, catalogues, APIs and real users' sign-ins. */
export function watchedOf(
  probe: Pick<ProbeConfig, 'servers' | 'signIn' | 'samlApps' | 'samlGroups'> &
    Partial<Pick<ProbeConfig, 'statusPageUrl'>>,
): readonly WatchedPart[] {
  const named = (kind: PartKind, entry: { readonly id: string; readonly name?: string }): WatchedPart => ({
    id: entry.id,
    kind,
    ...(entry.name !== undefined && { name: entry.name }),
  });
  return [
    ...(probe.signIn ?? []).map((j) => named('journey', j)),
    ...(probe.samlApps ?? []).map((a) => named('saml-app', a)),
    ...(probe.samlGroups ?? []).map((g) => named('saml-group', g)),
    ...probe.servers.map((s) => named('server', s)),
    ...probe.servers.filter((s) => (s.resources?.length ?? 0) > 0).map((s) => named('api', s)),
    ...(probe.servers.some((s) => s.userSignIns !== undefined)
      ? [{ id: USER_SIGN_INS_PART, kind: 'user-sign-ins' as const }]
      : []),
    // Okta's status feed, unless the config turned it off (statusPageUrl null): then nothing reads it.
    ...(probe.statusPageUrl !== null ? [{ id: STATUS_SERVER, kind: 'okta' as const }] : []),
  ];
}
