// The XML reader against the attack corpus (attacks.ts): what is not well-formed XML 1.0 or is past a bound is refused
// before xmldom parses it, whatever character the attack splits a tag on; what Okta may send is read. How long each
// takes is the benchmark's (scripts/bench/saml-attacks.ts), not a timed test.
import { describe, expect, it } from 'vitest';
import { readXml } from '../../../../functions/probe/saml/xml';
import { judgeSamlResponse } from '../../../../functions/probe/saml/judge';
import { xmlAttacks } from './attacks';

const corpus = xmlAttacks();
const refused = corpus.filter((a) => a.expect === 'refused');
const read = corpus.filter((a) => a.expect === 'read');

describe(`readXml against the XML attack corpus (${corpus.length} messages)`, () => {
  it(`refuses each of the ${refused.length} hostile messages with a reason, before parsing`, () => {
    for (const attack of refused) {
      const outcome = readXml(attack.xml);
      expect({ name: attack.name, ok: outcome.ok }).toEqual({ name: attack.name, ok: false });
      if (!outcome.ok) expect(outcome.problem, attack.name).toMatch(/refused|not well-formed/);
    }
  });

  it(`reads each of the ${read.length} well-formed messages at the bounds`, () => {
    for (const attack of read)
      expect({ name: attack.name, ok: readXml(attack.xml).ok }).toEqual({ name: attack.name, ok: true });
  });

  it('refuses every C0 control xmldom would split a tag on (29 of them), naming the character', () => {
    const c0 = corpus.filter((a) => a.name.startsWith('C0 ') && a.name.includes('nested namespace'));
    expect(c0).toHaveLength(29);
    for (const attack of c0)
      expect(readXml(attack.xml)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/a character XML does not allow \(U\+00[01][0-9A-F]\)/),
      });
  });

  it('refuses the bypass as a SAMLResponse too: SAML_XML_REFUSED, never a parse', () => {
    const bypass = corpus.find((a) => a.name === 'C0 \\x0c before nested namespace declarations');
    expect(bypass).toBeDefined();
    const verdict = judgeSamlResponse(
      { issuer: 'x', certificates: [], requiredAttributes: [], now: 0 },
      Buffer.from(bypass?.xml ?? '').toString('base64'),
    ).verdict;
    expect(verdict).toMatchObject({
      diagnosis: { code: 'SAML_XML_REFUSED', detail: expect.stringContaining('U+000C') },
    });
  });
});
