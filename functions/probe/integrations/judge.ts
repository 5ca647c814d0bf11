// The window's reduced events (events.ts) judged per integration: each hook, each telephony provider, the org's
// e-mail, each app's imports, each rule, Workflows. Counting only: a finding names the integration and its figures,
// with whether it pages (people cannot sign in, sign up or get a code) or warns; a healthy integration is an item
// with its figure, and an integration with no event in the window is "not seen", never "works". Pure.
import { INTEGRATION_HEALTH, type DiagnosisCode, type IntegrationFacts, type IntegrationRole } from '../../contract';
import type { CheckItem } from '../../types';
import { verdictOf } from '../../plan/verdict';
import { finding, type Finding } from '../verdict';
import { HOOK_TYPES, type HookError, type HookType, type ImportWhy, type IntegrationEvent } from './events';

export type Severity = 'page' | 'warn';

/** A finding and how loud it is. */
export interface Told {
  readonly finding: Finding;
  readonly severity: Severity;
}

/** The judgement: findings (paging first), an item per integration, and the totals. */
export interface IntegrationJudgement {
  readonly told: readonly Told[];
  readonly items: readonly CheckItem[];
  readonly totals: {
    readonly paging: number;
    readonly warning: number;
    readonly hooks: number;
    readonly providers: number;
  };
}

/** Events an event stands for: a streamed count row many (stream.ts), a polled event one. */
const weight = (e: IntegrationEvent): number => e.n ?? 1;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 100));
const HOOK_ERRORS: Readonly<Record<HookError, string>> = {
  timeout: 'timed out',
  error_answer: 'answered an error',
  invalid_answer: 'answer not processed',
  other: 'other error',
  none: 'no error given',
};

interface HookTally {
  id: string;
  name: string | null;
  type: HookType;
  failed: number;
  processed: number;
  why: Map<HookError, number>;
}

function hookName(h: HookTally): string {
  const kind = HOOK_TYPES[h.type].what;
  const named = h.name === null ? `a ${kind} hook` : `${kind} hook "${h.name}"`;
  return h.id.startsWith('type:') ? named : `${named} (${h.id})`;
}

/** Each hook type's role for the status page: what the people it serves meet when it fails. */
const HOOK_ROLES: Readonly<Record<HookType, IntegrationRole>> = {
  'com.okta.user.credential.password.import': 'password-import',
  'com.okta.user.pre-registration': 'registration',
  'com.okta.oauth2.tokens.transform': 'token',
  'com.okta.saml.tokens.transform': 'saml',
  'com.okta.import.transform': 'user-import',
  'com.okta.telephony.provider': 'telephony',
  other: 'other',
};

/**
 * A hook as fields: Okta's id (an event that named none is known by its type alone, `type:...`: no id to name), seen
 * in the log or listed by Okta alike, so the page keys one hook the same whichever told of it.
 */
export function hookFacts(h: Pick<HookTally, 'id' | 'name' | 'type'>): IntegrationFacts | undefined {
  if (h.id.startsWith('type:') || !/^[A-Za-z0-9_-]{1,64}$/.test(h.id)) return undefined;
  return { id: h.id, role: HOOK_ROLES[h.type], ...(h.name !== null && { name: oneLine(h.name) }) };
}

/** A provider as fields: `sms-twilio`, its channel and Okta's name of it. */
function phoneFacts(channel: 'SMS' | 'voice', provider: string): IntegrationFacts {
  const slug =
    provider
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'other';
  return {
    id: `${channel.toLowerCase()}-${slug}`.slice(0, 64),
    role: channel === 'SMS' ? 'sms' : 'voice',
    name: oneLine(provider),
  };
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 120);

function judgeHooks(events: readonly IntegrationEvent[], now: string, out: Out): void {
  const hooks = new Map<string, HookTally>();
  for (const e of events) {
    if (e.k !== 'hook') continue;
    const h = hooks.get(e.hook) ?? { id: e.hook, name: null, type: e.type, failed: 0, processed: 0, why: new Map() };
    h.name = e.name ?? h.name;
    if (e.type !== 'other') h.type = e.type;
    if (e.failed) {
      h.failed += weight(e);
      if (e.why !== undefined) h.why.set(e.why, (h.why.get(e.why) ?? 0) + weight(e));
    } else h.processed += weight(e);
    hooks.set(e.hook, h);
  }
  if (hooks.size === 0) return out.notSeen('inline hooks', now);
  for (const h of hooks.values()) {
    const total = h.failed + h.processed;
    if (h.failed === 0) {
      out.item(`${hookName(h)}: ${plural(h.processed, 'answer')} processed, none failed`, 'pass', now, hookFacts(h));
      continue;
    }
    const whys = [...h.why].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${n} ${HOOK_ERRORS[w]}`);
    const detail =
      `${hookName(h)}: ${plural(h.failed, 'failed call')} of ${total} in the window (${percent(h.failed, total)} %)` +
      (whys.length > 0 ? `: ${whys.join(', ')}` : '');
    const effect = HOOK_TYPES[h.type].effect;
    const facts = hookFacts(h);
    if (effect === 'blocks')
      out.tell('INTEGRATION_HOOK_BLOCKING', 'page', h.id, `${detail}; people are stopped`, now, facts);
    else if (effect === 'claims')
      out.tell(
        'INTEGRATION_HOOK_CLAIMS_MISSING',
        'warn',
        h.id,
        `${detail}; tokens went out without its claims: list them in the server's requiredClaims`,
        now,
        facts,
      );
    else out.tell('INTEGRATION_HOOK_FAILING', 'warn', h.id, detail, now, facts);
  }
}

interface PhoneTally {
  sends: number;
  failovers: number;
  delivered: number;
  failed: number;
}

/**
 * A provider's failed share against a bound, in whole events: "at least `percent` %" or, with `above`, "more than"
 * (most sends: strictly more than half), never a rounded figure that makes 49.6 % half.
 */
const share = (part: number, whole: number, percent: number, above = false): boolean =>
  above ? part * 100 > percent * whole : part * 100 >= percent * whole;

function judgePhones(events: readonly IntegrationEvent[], now: string, out: Out): void {
  const byProvider = new Map<string, PhoneTally & { facts: IntegrationFacts }>();
  const byChannel = new Map<string, { sends: number; failovers: number; blocked: number }>();
  for (const e of events) {
    if (e.k !== 'phone') continue;
    const c = byChannel.get(e.channel) ?? { sends: 0, failovers: 0, blocked: 0 };
    byChannel.set(e.channel, c);
    const w = weight(e);
    // A send whose outcome is DENY is one Okta blocked itself (its toll-fraud and rate protection): it never reached
    // a provider, so it is neither the provider's send nor its failure, only counted on its channel.
    if (e.stage === 'send' && e.blocked) {
      c.blocked += w;
      continue;
    }
    const key = `${e.channel} via ${e.provider}`;
    const t = byProvider.get(key) ?? {
      sends: 0,
      failovers: 0,
      delivered: 0,
      failed: 0,
      facts: phoneFacts(e.channel, e.provider),
    };
    if (e.stage === 'send') {
      t.sends += w;
      c.sends += w;
      if (e.failover) {
        t.failovers += w;
        c.failovers += w;
      }
    } else if (e.delivered === true) t.delivered += w;
    else if (e.delivered === false) t.failed += w;
    byProvider.set(key, t);
  }
  if (byChannel.size === 0) return out.notSeen('SMS and voice', now);
  tellChannels(byChannel, now, out);
  for (const [key, t] of byProvider) {
    const tried = t.delivered + t.failed;
    const figures = `${plural(t.sends, 'send')}, ${t.delivered} delivered, ${t.failed} failed`;
    if (tried >= INTEGRATION_HEALTH.minSends && share(t.failed, tried, INTEGRATION_HEALTH.failureWarnPercent)) {
      const most = share(t.failed, tried, INTEGRATION_HEALTH.failurePagePercent, true);
      const rate = `${percent(t.failed, tried)} % failing`;
      const told = `${key}: ${figures} (${rate})`;
      out.tell('INTEGRATION_TELEPHONY_FAILING', most ? 'page' : 'warn', key, told, now, t.facts);
    } else out.item(`${key}: ${figures}`, tried === 0 ? 'n/a' : 'pass', now, t.facts);
  }
}

/** Each channel's share of sends failed over to Okta's providers, and the sends Okta blocked itself. */
function tellChannels(
  byChannel: ReadonlyMap<string, { sends: number; failovers: number; blocked: number }>,
  now: string,
  out: Out,
): void {
  for (const [channel, c] of byChannel) {
    if (c.sends >= INTEGRATION_HEALTH.minSends && share(c.failovers, c.sends, INTEGRATION_HEALTH.failoverWarnPercent))
      out.tell(
        'INTEGRATION_TELEPHONY_FAILOVER',
        'warn',
        `${channel} failover`,
        `${channel}: ${plural(c.failovers, 'send')} of ${c.sends} (${percent(c.failovers, c.sends)} %) failed over ` +
          "from the telephony hook to Okta's rate-limited providers",
        now,
      );
    // Blocked sends reached no provider, yet their people got no code: a share as large as a failing provider's warns.
    const asked = c.blocked + c.sends;
    const blocked =
      `${channel}: ${plural(c.blocked, 'send')} of ${asked} (${percent(c.blocked, asked)} %) blocked by Okta ` +
      'itself (outcome DENY: its toll-fraud and rate protection), not a provider failing';
    if (c.blocked >= INTEGRATION_HEALTH.minSends && share(c.blocked, asked, INTEGRATION_HEALTH.failureWarnPercent))
      out.tell('INTEGRATION_TELEPHONY_BLOCKED', 'warn', `${channel} blocked`, `${blocked}: people got no code`, now);
    else if (c.blocked > 0) out.item(blocked, 'n/a', now);
  }
}

function judgeEmail(events: readonly IntegrationEvent[], now: string, out: Out): void {
  const counts = { delivered: 0, bounce: 0, blocked: 0, deferred: 0, unknown: 0, refused: 0 };
  let seen = 0;
  for (const e of events) {
    if (e.k !== 'email') continue;
    seen += weight(e);
    counts[e.status] += weight(e);
    if (e.smtpRefused) counts.refused += weight(e);
  }
  if (seen === 0) return out.notSeen('e-mail', now);
  const figures =
    `${counts.delivered} delivered, ${counts.bounce} bounced, ${counts.blocked} blocked, ${counts.deferred} deferred` +
    (counts.unknown > 0 ? `, ${counts.unknown} of unknown status` : '');
  if (counts.refused >= INTEGRATION_HEALTH.smtpPageRefusals)
    out.tell(
      'INTEGRATION_SMTP_REFUSING',
      'page',
      'e-mail',
      `e-mail: the org's SMTP server refused ${plural(counts.refused, 'message')} in the window (${figures})`,
      now,
    );
  // A bounce is one person's mailbox, never an org problem: counted in the item, never a finding.
  else
    out.item(
      `e-mail: ${figures}` +
        (counts.refused > 0 ? `, ${counts.refused} refused by the org's SMTP server` : '') +
        (counts.bounce > 0 ? " (a bounce is one person's mailbox: counted, not an org problem)" : ''),
      'pass',
      now,
    );
}

/** Each e-mail domain by its latest verification in the window: a domain verified after failing is verified. */
function judgeEmailDomains(events: readonly IntegrationEvent[], now: string, out: Out): void {
  const domains = new Map<string, { name: string | null; failed: number; last: number; verified: boolean }>();
  for (const e of events) {
    if (e.k !== 'emailDomain') continue;
    const d = domains.get(e.id) ?? { name: null, failed: 0, last: -1, verified: false };
    d.name = e.name ?? d.name;
    if (!e.verified) d.failed += weight(e);
    if (e.published >= d.last) {
      d.last = e.published;
      d.verified = e.verified;
    }
    domains.set(e.id, d);
  }
  for (const [id, d] of domains) {
    const named = `e-mail domain ${d.name === null ? '' : `${d.name} `}(${id})`;
    if (d.verified) out.item(`${named}: verified`, 'pass', now);
    else
      out.tell(
        'INTEGRATION_EMAIL_DOMAIN_UNVERIFIED',
        'warn',
        `email domain ${id}`,
        `${named}: ${plural(d.failed, 'verification')} failed in the window: Okta sends its e-mails from ` +
          'noreply@okta.com until it is verified',
        now,
      );
  }
}

function judgeFailureOnly(events: readonly IntegrationEvent[], now: string, out: Out): void {
  const imports = new Map<string, { name: string | null } & Record<ImportWhy, number>>();
  const rules = new Map<string, { rule: 'group' | 'policy'; name: string | null; events: number }>();
  const workflows = { warning: 0, violation: 0 };
  for (const e of events) {
    if (e.k === 'import') {
      const i = imports.get(e.app) ?? { name: null, safeguard: 0, realtime: 0, failed: 0, started: 0, completed: 0 };
      i.name = e.name ?? i.name;
      i[e.why] += weight(e);
      imports.set(e.app, i);
    } else if (e.k === 'rule') {
      const key = `${e.rule}:${e.id}`;
      const r = rules.get(key) ?? { rule: e.rule, name: null, events: 0 };
      r.name = e.name ?? r.name;
      r.events += weight(e);
      rules.set(key, r);
    } else if (e.k === 'workflows') workflows[e.level] += weight(e);
  }
  for (const [app, i] of imports) {
    const named = `${i.name === null ? 'an app' : `"${i.name}"`}${app === 'unknown' ? '' : ` (${app})`}`;
    const what = [
      ...(i.safeguard > 0 ? [`${plural(i.safeguard, 'import')} stopped by Import Safeguard`] : []),
      ...(i.realtime > 0 ? [`${plural(i.realtime, 'real-time sync import')} failed`] : []),
      ...(i.failed > 0 ? [`${plural(i.failed, 'import')} ended in failure`] : []),
    ].join(', ');
    const progress = `${plural(i.started, 'import')} started, ${i.completed} completed`;
    if (what !== '')
      out.tell('INTEGRATION_IMPORT_STOPPED', 'warn', `import ${app}`, `${named}: ${what} (${progress})`, now);
    else out.item(`imports of ${named}: ${progress}, none failed`, i.completed > 0 ? 'pass' : 'n/a', now);
  }
  for (const [key, r] of rules) {
    const id = key.slice(key.indexOf(':') + 1);
    // Neither a target nor debugData named it: said so, never a rule called "unknown".
    const named =
      id === 'unknown'
        ? r.name === null
          ? `a ${r.rule} rule (the event named neither its name nor its id)`
          : `${r.rule} rule "${r.name}" (its id not given)`
        : `${r.rule} rule ${r.name === null ? '' : `"${r.name}" `}(${id})`;
    if (r.rule === 'group')
      out.tell('INTEGRATION_GROUP_RULE_ERROR', 'warn', key, `${named}: in error or invalidated`, now);
    else out.tell('INTEGRATION_POLICY_RULE_INVALID', 'warn', key, `${named}: invalidated by Okta`, now);
  }
  if (workflows.violation + workflows.warning > 0)
    out.tell(
      'INTEGRATION_WORKFLOWS_LIMIT',
      'warn',
      'workflows',
      workflows.violation > 0
        ? 'Workflows: over its step execution limit: flows are throttled or blocked'
        : 'Workflows: approaching its step execution limit',
      now,
    );
  // These events are written only on failure: their absence proves nothing works, it is only nothing seen.
  if (imports.size === 0) out.item('imports: no import stopped or failed seen', 'n/a', now);
  if (rules.size === 0) out.item('group and policy rules: none in error seen', 'n/a', now);
}

/** Collects findings and items as the judges go. */
export class Out {
  readonly told: Told[] = [];
  readonly items: CheckItem[] = [];

  tell(
    code: DiagnosisCode,
    severity: Severity,
    item: string,
    detail: string,
    at: string,
    integration?: IntegrationFacts,
  ): void {
    // The judge's severity is the finding's figure, the registry's input for a code decided per finding; the item's
    // status and the count it goes into come from verdictOf, the answer every other view gives.
    const verdict = verdictOf('integration-health', code, undefined, undefined, severity);
    this.told.push({
      finding: finding(code, { item: item.slice(0, 120), detail: detail.slice(0, 400) }),
      severity: verdict.severity,
    });
    const status = verdict.state === 'failing' && verdict.severity === 'page' ? 'fail' : 'warn';
    this.items.push({
      item: detail.slice(0, 200),
      status,
      code,
      lastChecked: at,
      carried: false,
      ...(integration !== undefined && { integration }),
    });
  }

  item(text: string, status: CheckItem['status'], at: string, integration?: IntegrationFacts): void {
    this.items.push({
      item: text.slice(0, 200),
      status,
      lastChecked: at,
      carried: false,
      ...(integration !== undefined && { integration }),
    });
  }

  notSeen(what: string, at: string): void {
    this.item(`${what}: not seen (no event in the window)`, 'n/a', at);
  }
}

/** Every integration of the window judged: paging findings first, then warnings; items failing first. */
export function judgeIntegrations(events: readonly IntegrationEvent[], now: number): IntegrationJudgement {
  const at = new Date(now).toISOString();
  const out = new Out();
  judgeHooks(events, at, out);
  judgePhones(events, at, out);
  judgeEmail(events, at, out);
  judgeEmailDomains(events, at, out);
  judgeFailureOnly(events, at, out);
  const rank = (s: CheckItem['status']): number => (s === 'fail' ? 0 : s === 'warn' ? 1 : s === 'pass' ? 2 : 3);
  const told = [...out.told].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'page' ? -1 : 1));
  const hooks = new Set(events.flatMap((e) => (e.k === 'hook' ? [e.hook] : [])));
  // A send Okta blocked reached no provider: it names none.
  const providers = new Set(
    events.flatMap((e) =>
      e.k === 'phone' && !(e.stage === 'send' && e.blocked) ? [`${e.channel}:${e.provider}`] : [],
    ),
  );
  return {
    told: told.slice(0, INTEGRATION_HEALTH.maxNamed),
    items: [...out.items].sort((a, b) => rank(a.status) - rank(b.status)).slice(0, INTEGRATION_HEALTH.maxNamed * 2),
    totals: {
      paging: told.filter((t) => t.severity === 'page').length,
      warning: told.filter((t) => t.severity === 'warn').length,
      hooks: hooks.size,
      providers: providers.size,
    },
  };
}
