// The org's cell: read in every spelling Okta uses, and found in a status entry's words.
import { describe, expect, it } from 'vitest';
import { cellName, cellsNamed, concernsCell, parseCell } from '../../functions/okta-cell';
import { parseConfig } from '../../functions/config/parse';

describe("the org's cell", () => {
  it.each([
    ['US Cell 6', 'US Cell 6'],
    ['OK6', 'US Cell 6'],
    ['ok14', 'US Cell 14'],
    ['us cell 6', 'US Cell 6'],
    ['EU Cell 1', 'EU Cell 1'],
    ['EU1', 'EU Cell 1'],
    ['APAC Cell 1', 'APAC Cell 1'],
    // A Preview org's footer (okta-developer-docs concepts/okta-organizations): "OP represents a preview cell".
    ['OP1 Preview Cell (US)', 'OP1 Preview Cell'],
    ['OP1 Preview Cell', 'OP1 Preview Cell'],
    ['op3', 'OP3 Preview Cell'],
  ])('reads %s as %s', (text, canonical) => {
    const cell = parseCell(text);
    expect(cell && cellName(cell)).toBe(canonical);
  });

  it.each([['US'], ['Cell 6'], ['OK'], ['US Cell'], ['acme.okta.com']])('names no cell in %s', (text) => {
    expect(parseCell(text)).toBeUndefined();
  });

  it('finds the cells an entry names, both spellings, and "all cells"', () => {
    expect(cellsNamed('We are investigating errors in US Cell 6 and US Cell 7.')).toEqual([
      { region: 'US', number: 6 },
      { region: 'US', number: 7 },
    ]);
    expect(cellsNamed('Customers on OK12 see slow logins')).toEqual([{ region: 'US', number: 12 }]);
    expect(cellsNamed('Affecting customers in all cells.')).toBe('all');
    expect(cellsNamed('Okta Verify push delays')).toEqual([]);
    expect(cellsNamed('Errors on OP1 Preview Cell (US) and OP2')).toEqual([
      { region: 'OP', number: 1 },
      { region: 'OP', number: 2 },
    ]);
  });

  it("reads the cells as Okta's status updates list them: okta.com:N, okta-emea.com:N, oktapreview.com:N", () => {
    // An update of Okta's status page, July 19, 2024 (as mirrored by pingoru.io): "Affected cells: ...".
    const text = 'Affected cells: okta-emea.com:1, okta.com:1, okta.com:14, oktapreview.com:1, oktapreview.com:3';
    expect(cellsNamed(text)).toEqual([
      { region: 'EU', number: 1 },
      { region: 'US', number: 1 },
      { region: 'US', number: 14 },
      { region: 'OP', number: 1 },
      { region: 'OP', number: 3 },
    ]);
    // The status page's components: "okta.com cell 1", "okta-emea.com cell 1".
    expect(cellsNamed('affecting okta-emea.com cell 1 and okta.com cell 1')).toEqual([
      { region: 'EU', number: 1 },
      { region: 'US', number: 1 },
    ]);
    expect(concernsCell(['Affected cells: oktapreview.com:2'], { region: 'US', number: 6 })).toBe(false);
    expect(concernsCell(['Affected cells: okta.com:1'], { region: 'OP', number: 1 })).toBe(false);
    expect(concernsCell(['Affected cells: okta.com:6, oktapreview.com:1'], { region: 'OP', number: 1 })).toBe(true);
    expect(cellsNamed('Sign in at acme.okta.com:1 fails')).toEqual([]);
    expect(parseCell('oktapreview.com:1')).toEqual({ region: 'OP', number: 1 });
  });

  it("never takes a Preview cell's incident for the production cell of the same number, nor the reverse", () => {
    expect(concernsCell(['Investigating errors on OP1 Preview Cell (US)'], { region: 'US', number: 1 })).toBe(false);
    expect(concernsCell(['Investigating errors on OK1'], { region: 'OP', number: 1 })).toBe(false);
    expect(concernsCell(['Investigating errors on OP1 Preview Cell (US)'], { region: 'OP', number: 1 })).toBe(true);
  });

  it(
    "counts an incident for the org when it names the org's " + "cell, every cell, or no cell; never another cell's",
    () => {
      const ours = { region: 'US', number: 6 };
      expect(concernsCell(['Investigating errors in US Cell 6'], ours)).toBe(true);
      expect(concernsCell(['Investigating errors in OK6'], ours)).toBe(true);
      expect(concernsCell(['Investigating errors in all cells'], ours)).toBe(true);
      expect(concernsCell(['Push delays for some users'], ours)).toBe(true);
      expect(concernsCell(['Investigating errors in US Cell 16'], ours)).toBe(false);
      expect(concernsCell(['Investigating errors in EU Cell 6'], ours)).toBe(false);
      // Any entry of the incident may name the cell: an update that widens it to ours counts.
      expect(concernsCell(['Errors in US Cell 7', 'Update: now also US Cell 6'], ours)).toBe(true);
    },
  );
});

describe('oktaCell in the config', () => {
  const base = {
    orgUrl: 'https://acme.okta.com',
    servers: [{ id: 'default', clientId: '0oa1', clientSecret: 's', scopes: ['x'], audience: 'api://default' }],
  };
  it('keeps the cell canonical', () => {
    const result = parseConfig({ ...base, oktaCell: 'OK6' }, { mode: 'cli', baseDir: '.' });
    expect(result.ok && result.config.probe.oktaCell).toBe('US Cell 6');
    const preview = parseConfig({ ...base, oktaCell: 'OP1 Preview Cell (US)' }, { mode: 'cli', baseDir: '.' });
    expect(preview.ok && preview.config.probe.oktaCell).toBe('OP1 Preview Cell');
  });

  it('refuses a value that names no cell, naming the field and where the Admin Console shows it', () => {
    const result = parseConfig({ ...base, oktaCell: 'Cell six' }, { mode: 'cli', baseDir: '.' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toMatch(
      /^oktaCell: must name a cell .*"US Cell 6", "OK6" or "EU Cell 1"; got "Cell six"/m,
    );
  });
});
