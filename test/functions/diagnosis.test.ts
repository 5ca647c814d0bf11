import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES, grantAdvice, INVENTORY_SCOPES } from '../../functions/contract';
import { DIAGNOSES, diagnose } from '../../functions/diagnosis';

describe('DIAGNOSES', () => {
  it.each(DIAGNOSIS_CODES.map((code) => [code]))(
    'explains %s with a title, a one-line summary and a remedy',
    (code) => {
      const text = DIAGNOSES[code];

      expect(text.title.trim()).not.toBe('');
      expect(text.summary.trim()).not.toBe('');
      expect(text.summary).not.toMatch(/[\r\n]/);
      expect(text.remedy.trim().length).toBeGreaterThan(40);
    },
  );

  // INVENTORY_ROLE_MISSING once suggested Super Administrator for a key kept in Secrets Manager.
  // The roles as Okta names them for an assignment; "a Super Admin must" tick a grant is a person's console step.
  it(
    'never suggests Super Administrator or Org Administrator ' + 'for the monitoring key: every mention is a "never"',
    () => {
      for (const code of DIAGNOSIS_CODES) {
        const { remedy } = DIAGNOSES[code];
        const sentences = remedy
          .split(/(?<=\.)\s+/)
          .filter((sentence) => /Super Administrator|Org(anization)? Administrator/.test(sentence));
        for (const sentence of sentences) expect(sentence, code).toMatch(/\bnever\b/i);
      }
    },
  );

  it(
    "names the narrowest role for each inventory scope in the inventory's role remedy, and what to do on a " +
      'lasting 403',
    () => {
      const { remedy } = DIAGNOSES.INVENTORY_ROLE_MISSING;
      for (const scope of Object.values(INVENTORY_SCOPES)) expect(remedy).toContain(`${scope}: ${grantAdvice(scope)}`);
      expect(remedy).toContain('okta.users.apitokens.read on a resource set of all users');
      expect(remedy).toContain('If the list still answers 403 E0000006, take its scope out of "scopes"');
    },
  );

  it('writes the org only as https://<org>, the form diagnose() replaces with the org probed', () => {
    for (const code of DIAGNOSIS_CODES) {
      const loose = DIAGNOSES[code].remedy.replaceAll('https://<org>', '');
      expect(loose, code).not.toContain('<org>');
    }
    const place = { orgUrl: 'https://acme.okta.com', host: 'acme.okta.com', secrets: [] };
    for (const code of DIAGNOSIS_CODES) expect(diagnose(code, {}, place).remedy, code).not.toContain('<org>');
  });

  it(
    "has every code explained by exactly one family's rows, its texts in " +
      'its row (a later family would silently win)',
    async () => {
      const folder = join(__dirname, '../../functions/diagnosis/codes');
      const families = await Promise.all(
        readdirSync(folder).map(async (file) =>
          Object.values((await import(join(folder, file))) as Record<string, object>),
        ),
      );
      const explained = families.flat().flatMap((rows) => Object.entries(rows));
      expect(families.length).toBeGreaterThan(1);
      expect(explained.map(([code]) => code).sort()).toEqual([...DIAGNOSIS_CODES].sort());
      for (const [code, row] of explained)
        expect([code, ['title', 'summary', 'remedy'].filter((field) => !(field in row))]).toEqual([code, []]);
    },
  );

  it('gives an enrollment Okta never offered a cause and fix of the offer, not of an AAGUID it never saw', () => {
    const offer = /promotion|Enrollment|Required/;
    const refusal = /AAGUID|attestation/;
    const notOffered = DIAGNOSES.PASSKEY_ENROLLMENT_NOT_OFFERED;
    expect(notOffered.title).toMatch(/offered no passkey enrollment/);
    expect(`${notOffered.summary} ${notOffered.remedy}`).not.toMatch(refusal);
    expect(notOffered.remedy).toMatch(offer);
    const refused = DIAGNOSES.PASSKEY_ENROLLMENT_REFUSED;
    expect(`${refused.summary} ${refused.remedy}`).toMatch(refusal);
    expect(`${refused.summary} ${refused.remedy}`).not.toMatch(/promotion|enrollment is not allowed/);
  });

  it('sends the unlicensed org to the Org AS URL and never to the old status API', () => {
    expect(DIAGNOSES.CUSTOM_AS_UNLICENSED.remedy).toContain('/oauth2/v1/');
    for (const code of DIAGNOSIS_CODES) expect(DIAGNOSES[code].remedy).not.toContain('/api/v2/status.json');
  });
});

describe('diagnose()', () => {
  it('carries the table text and the facts of this run', () => {
    const diagnosis = diagnose('RATE_LIMITED', {
      requestId: 'reqX1',
      httpStatus: 429,
      oktaError: 'E0000047',
      detail: 'Limit 0, Remaining 0',
    });

    expect(diagnosis).toEqual({
      code: 'RATE_LIMITED',
      summary: DIAGNOSES.RATE_LIMITED.summary,
      remedy: DIAGNOSES.RATE_LIMITED.remedy,
      requestId: 'reqX1',
      httpStatus: 429,
      oktaError: 'E0000047',
      detail: 'Limit 0, Remaining 0',
    });
  });

  it('has a null request id and no undefined keys without facts', () => {
    const diagnosis = diagnose('TIMEOUT');

    expect(diagnosis.requestId).toBeNull();
    expect(Object.keys(diagnosis).sort()).toEqual(['code', 'remedy', 'requestId', 'summary']);
  });

  it('redacts a JWT and a client secret passed in the detail', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jwt = await new SignJWT({ scp: ['okta.users.read'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://acme.okta.com')
      .sign(privateKey);

    const diagnosis = diagnose('SIGNATURE_INVALID', {
      detail: `token ${jwt} rejected; sent client_secret=s3cr3t-value&scope=x`,
    });

    expect(diagnosis.detail).not.toContain(jwt.split('.')[1]);
    expect(diagnosis.detail).not.toContain('s3cr3t-value');
    expect(diagnosis.detail).toContain('[REDACTED]');
    expect(diagnosis.detail).toContain('scope=x');
  });
});
