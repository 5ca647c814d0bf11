// Okta's memory of the devices its users sign in from, as Behavior Detection and the new-device e-mail see them: the
// `DT` cookie Okta sets on its sign-in answers to recognize a browser, and the X-Device-Token a server-side IDX app
// sends (okta-developer-docs guides/device-context). A sign-in that carries neither one Okta knows for the user is a
// new device's: an org with new-device notifications e-mails the user for each (support.okta.com "New Sign-On
// Notification Limitations": "If the browser does not retain cookies, the system may identify the client as new").
import { REQUEST_ID, withCookies, type Answer } from './answer';
import { alnum } from './ids';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * How long a `DT` cookie lives, seconds. Production orgs' captured answers set it with `Max-Age=7123635` (82 days left
 * of it) and renew it on every sign-in answer; 90 days here.
 */
const DT_LIFETIME_S = 90 * 24 * 3600;
/** Cookies Okta set and may see again, before the oldest are forgotten (a probe without a store mints one a run). */
const ISSUED_KEPT = 100_000;

/** What of a request the devices read (a SimRequest; named here without it: state.ts reaches this file). */
interface Arrival {
  readonly headers: IncomingHttpHeaders;
  readonly now: number;
}

/** The DT cookie a request carries, whatever its value. */
function dtOf(request: Pick<Arrival, 'headers'>): string | undefined {
  return /(?:^|;\s*)DT=([^;]*)/.exec(String(request.headers.cookie ?? ''))?.[1];
}

export class KnownDevices {
  /** Every DT value this org set. */
  readonly #issued = new Set<string>();
  /** Each user's devices: `dt:<value>` and `token:<X-Device-Token>`. */
  readonly #byUser = new Map<string, Set<string>>();
  #newSignIns = 0;

  /** Sign-ins from a device Okta had not seen for the user: each a new-device e-mail. */
  get newSignIns(): number {
    return this.#newSignIns;
  }

  /**
   * A request to a sign-in endpoint as Okta takes it: with its browser's `DT` when this org set it, else with a new one
   * (the sign-in it completes is counted against that device, as Okta captures a device "after a successful sign-in");
   * and its answer with `DT` set, the lifetime renewed. The attributes as production orgs set it (`DT=DI...;Version=1;
   * Path=/;Max-Age=...;Secure;Expires=...;HttpOnly;SameSite=None`, a 25-character value).
   */
  arrive<R extends Arrival>(request: R): { readonly request: R; remember(answer: Answer): Answer } {
    const sent = dtOf(request);
    let value = sent !== undefined && this.#issued.has(sent) ? sent : undefined;
    if (value === undefined) {
      if (this.#issued.size >= ISSUED_KEPT) this.#issued.clear();
      value = `DI${alnum(23)}`;
      this.#issued.add(value);
    }
    const others = String(request.headers.cookie ?? '')
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => pair !== '' && !pair.startsWith('DT='));
    const expires = new Date(request.now + DT_LIFETIME_S * 1000).toUTCString();
    const line = `DT=${value};Version=1;Path=/;Max-Age=${DT_LIFETIME_S};Secure;Expires=${expires};HttpOnly;SameSite=None`;
    return {
      request: { ...request, headers: { ...request.headers, cookie: [...others, `DT=${value}`].join('; ') } },
      // Something in front of Okta (a proxy, a blocklist: notFromOkta) sets none of Okta's cookies.
      remember: (answer) =>
        answer.kind !== 'reply' || answer.headers[REQUEST_ID] === '' ? answer : withCookies(answer, [line]),
    };
  }

  /**
   * A sign-in of `userId` completed: from a known device when its DT or its X-Device-Token was seen for the user
   * before.
   */
  signedIn(userId: string, request: Pick<Arrival, 'headers'>, deviceToken?: string): void {
    const dt = dtOf(request);
    const ids = [
      ...(dt !== undefined && this.#issued.has(dt) ? [`dt:${dt}`] : []),
      ...(deviceToken !== undefined ? [`token:${deviceToken}`] : []),
    ];
    const seen = this.#byUser.get(userId) ?? new Set<string>();
    if (!ids.some((id) => seen.has(id))) this.#newSignIns += 1;
    for (const id of ids) seen.add(id);
    this.#byUser.set(userId, seen);
  }
}
