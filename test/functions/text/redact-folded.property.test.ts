// Okta's own words folded to one line before the run's secrets are known: the SSO page's <title> (readSsoPage) and an
// admin's message on an Identity Engine answer (adminText) have every run of white space made one space, and are cut,
// before the diagnosis scrubs them with the run's secrets. A secret Okta's text carried across line breaks must still
// be scrubbed: neither it, nor its head or tail, nor the two joined where a fold left a space may survive.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../functions/diagnosis';
import type { HttpResponse } from '../../../functions/probe/http';
import { judgeSsoAnswer } from '../../../functions/probe/saml/sso';
import { judgeDenialMessages } from '../../../functions/probe/sign-in/idx-denials';
import { MIN_SECRET_PART } from '../../../functions/text/redact';

const RUNS = { numRuns: 60 };
const ORG = 'https://acme.okta.com';
const SSO = `${ORG}/app/acme_app_1/exk1/sso/saml`;
const secretArb = fc.stringMatching(/^[A-Za-z0-9_~.-]{12,40}$/);
/** Where line breaks split the secret: one to three cuts, each with the indentation a wrapped line takes. */
const foldsArb = fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', '\r\n', '\n    ', '\n\t\t', ' \n ')), {
  minLength: 1,
  maxLength: 3,
});

function folded(secret: string, folds: readonly [number, string][]): string {
  const cuts = [...new Set(folds.map(([n]) => 1 + (n % (secret.length - 1))))].sort((a, b) => a - b);
  const breaks = new Map(folds.map(([n, brk]) => [1 + (n % (secret.length - 1)), brk]));
  let out = '';
  let at = 0;
  for (const cut of cuts) {
    out += `${secret.slice(at, cut)}${breaks.get(cut) ?? '\n'}`;
    at = cut;
  }
  return out + secret.slice(at);
}

const page = (body: string): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html' },
  body,
  bodyTruncated: false,
  requestId: 'req-1',
  timings: { total: 0 },
  receivedAt: 0,
});

/** The detail a run would print, scrubbed as the engine scrubs a finding: with the run's secrets, once it has them. */
function printed(
  finding: { code: Parameters<typeof diagnose>[0]; detail?: string } | null | undefined,
  secret: string,
): string {
  if (finding === null || finding === undefined) throw new Error('no finding');
  return diagnose(finding.code, finding, { orgUrl: ORG, host: 'acme.okta.com', secrets: [secret] }).detail ?? '';
}

/** Each reading of a printed detail: as printed, and with the spaces a fold left read away. */
const readings = (detail: string): string[] => [detail, detail.replace(/ /g, '')];

function expectScrubbed(detail: string, secret: string): void {
  for (const reading of readings(detail)) {
    expect(reading.includes(secret), `${detail} holds the secret`).toBe(false);
    expect(reading.includes(secret.slice(0, MIN_SECRET_PART)), `${detail} holds its head`).toBe(false);
    expect(reading.includes(secret.slice(-MIN_SECRET_PART)), `${detail} holds its tail`).toBe(false);
  }
}

describe(
  "Okta's texts folded before they are scrubbed: 2 fold " + 'sites, random secrets split by 1 to 3 line breaks',
  () => {
    it(
      "the SSO page's title (readSsoPage folds it and cuts it at 120 characters): no reading of the detail holds " +
        'the secret',
      () => {
        fc.assert(
          fc.property(secretArb, foldsArb, fc.nat(60), (secret, folds, lead) => {
            const title = `Acme ${'x'.repeat(lead)} ${folded(secret, folds)} sign-in`;
            const answer = judgeSsoAnswer(
              { orgUrl: ORG, acsUrl: 'https://sp.example/acs', acsField: 'recipient' },
              SSO,
              page(`<!DOCTYPE html><html><head><title>${title}</title></head><body><p>nothing</p></body></html>`),
            );
            expect(answer.kind).toBe('failed');
            const detail = printed(answer.kind === 'failed' ? answer.verdict.diagnosis : undefined, secret);
            // The title is in the detail: the test reads what a run prints, not an empty detail.
            expect(detail).toContain('Acme');
            expectScrubbed(detail, secret);
          }),
          RUNS,
        );
      },
    );

    it(
      "an admin's message on an Identity Engine denial (adminText folds it and cuts it at 160): no reading of " +
        'the detail holds the secret',
      () => {
        fc.assert(
          fc.property(secretArb, foldsArb, fc.nat(80), (secret, folds, lead) => {
            const message = `Access denied ${'y'.repeat(lead)}\n${folded(secret, folds)}\ncall the help desk`;
            const verdict = judgeDenialMessages(
              [{ key: 'security.access_denied_custom_message', message }],
              page(''),
              'identify',
              {},
            );
            const detail = printed(verdict?.diagnosis, secret);
            expect(detail).toContain('Access denied');
            expectScrubbed(detail, secret);
          }),
          RUNS,
        );
      },
    );
  },
);
