// The SSO page reader against the page corpus (page-attacks.ts): the destination it checks is the one a browser would
// post the first form to (foreign content, <template>, <noscript>, <base>, the form owner, disabled controls), and a
// page past the bounds is refused. Costs are the benchmark's (scripts/bench/saml-attacks.ts).
import { describe, expect, it } from 'vitest';
import { readSsoPage } from '../../../../functions/probe/saml/page';
import { judgeSsoAnswer } from '../../../../functions/probe/saml/sso';
import type { HttpResponse } from '../../../../functions/probe/http';
import { ATTACK_PAGE_URL, pageAttacks } from './page-attacks';

const corpus = pageAttacks();
const posted = (html: string): string | null => {
  const form = readSsoPage(html, ATTACK_PAGE_URL).form;
  return form !== undefined && form.controls.some((c) => c.name === 'SAMLResponse') ? (form.url ?? null) : null;
};

describe(`readSsoPage against the page attack corpus (${corpus.length} pages)`, () => {
  it(
    `finds, for each of the ${corpus.length} pages, the destination a browser posts the SAMLResponse to (or ` + `none)`,
    () => {
      for (const attack of corpus)
        expect({ name: attack.name, posts: posted(attack.html) }).toEqual({ name: attack.name, posts: attack.posts });
    },
  );

  it('judges the <base href> page SAML_ACS_URL_MISMATCH against the ACS the relative action seemed to name', () => {
    const attack = corpus.find((a) => a.name === 'an absolute <base href> and a relative action');
    const res: HttpResponse = {
      status: 200,
      headers: {},
      body: attack?.html ?? '',
      bodyTruncated: false,
      requestId: 'r',
      timings: { total: 0 },
      receivedAt: 0,
    };
    const read = judgeSsoAnswer(
      { orgUrl: 'https://acme.okta.com', acsUrl: 'https://acme.okta.com/acs', acsField: 'acsUrl' },
      ATTACK_PAGE_URL,
      res,
    );
    expect(read).toMatchObject({
      kind: 'failed',
      verdict: { diagnosis: { code: 'SAML_ACS_URL_MISMATCH', detail: expect.stringContaining('evil.example') } },
    });
  });

  it('refuses a page nested past the depth bound with a reason', () => {
    const attack = corpus.find((a) => a.name.includes('(refused)'));
    expect(readSsoPage(attack?.html ?? '', ATTACK_PAGE_URL).refused).toMatch(/nested more than 512 deep/);
  });
});
