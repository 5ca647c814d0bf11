// One runner per SAML check of the registry (functions/plan/check-table.ts), and the groups' one: the SAML scope
// (scope.ts) and the groups' (group/scope.ts) run them. Typed against the registry, as the other kinds' runners in
// ../runners.ts are: a row without a runner fails the typecheck.
import type { SamlCheck, SamlGroupCheck } from '../../plan/check-table';
import type { JourneySession } from '../session';
import { fail, type Judged } from '../verdict';
import { judgeAppCertificate, runSamlApp, type AssertionRun, type SamlAppContext } from './app';

/** What a SAML check's run hands the checks that need it: the assertion's run (the metadata read, the signer). */
export type SamlProduced<C extends SamlCheck> = C extends 'saml' ? AssertionRun : Judged;

/**
 * What a SAML check's runner gets: its app, the exchange, the journey's session, the verdict kept, the runs it needs.
 */
export interface SamlCheckContext extends SamlAppContext {
  /** The session the app's journey handed over this run. */
  readonly session: JourneySession;
  /** The assertion's verdict the store kept from the journey's last session, if any (read once per journey). */
  keptAssertion(): Promise<Judged | undefined>;
  /** The run of a check this one needs (registry `needs`), started on first use and shared. */
  need<C extends SamlCheck>(check: C): Promise<SamlProduced<C>>;
}

/** One runner per SAML check of the registry, and none for anything else: a missing one fails the typecheck. */
type SamlRunners = { readonly [C in SamlCheck]: (ctx: SamlCheckContext) => Promise<SamlProduced<C>> };

export const SAML_RUNNERS = {
  saml: async (ctx) => {
    const { session } = ctx;
    if (session.kind === 'open') return runSamlApp(ctx, session.cookie);
    if (session.kind === 'none') {
      const read = await runSamlApp(ctx, undefined, session.why);
      // Signed in, yet no session to judge the app in: a warning now, never a silent skip every run.
      return session.signedIn ? { ...read, judgement: fail('SAML_NO_SESSION', session.why) } : read;
    }
    // Between journeys: the verdict the store kept, and the metadata read afresh for the certificate.
    const kept = await ctx.keptAssertion();
    const read = await runSamlApp(ctx, undefined, "not judged yet: its journey's next run judges it in its session");
    return kept === undefined
      ? read
      : { ...kept, ...(read.certificateBasis !== undefined && { certificateBasis: read.certificateBasis }) };
  },
  'saml-certificate': async (ctx) => {
    const assertion = await ctx.need('saml');
    return assertion.certificateBasis === undefined ? assertion : judgeAppCertificate(ctx, assertion.certificateBasis);
  },
} satisfies SamlRunners;

/** What a SAML group check's runner gets: the group's run, judged once its journey has handed over. */
interface SamlGroupCheckContext {
  /** The group judged (saml-group/scope.ts): its share checked in the session, every app counted. */
  judged(): Promise<Judged>;
}

/** One runner per SAML group check of the registry: a missing one fails the typecheck. */
export const SAML_GROUP_RUNNERS = {
  'saml-apps': (ctx) => ctx.judged(),
} satisfies { readonly [C in SamlGroupCheck]: (ctx: SamlGroupCheckContext) => Promise<Judged> };
