// The folder list is the architecture (CONTRIBUTING.md "Where things are"); these rules keep the arrows pointing
// one way, so synth never loads the Lambda handler and the probe never loads CDK, and keep each file to one job.
import { unusedExports } from './support/exports';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSpans, longFunctions } from './support/function-length';
import { importGraph, reach as reachIn, resolved, root, sources, specifiers } from './support/imports';

/** The shipped source folders. */
const SHIPPED = ['functions', 'lib', 'sim', 'scripts', 'bin'];

/** Their files: what the line cap, the cycle rule and the reach rules cover. */
const shipped = SHIPPED.flatMap((dir) => sources(dir, /\.(ts|mjs)$/));
/** Every shipped file's imports that load another shipped file, type-only and dynamic ones included. */
const graph = importGraph(shipped);

/** What `from` reaches among the shipped files, each with one shortest chain. */
const reach = (from: readonly string[], edges: ReadonlyMap<string, readonly string[]> = graph): Map<string, string> =>
  reachIn(from, edges);

/** The chains by which `from` reaches a file `forbidden` names, one per file reached: what a rule reports. */
const reachedChains = (from: readonly string[], forbidden: (file: string) => boolean): string[] =>
  [...reach(from)].filter(([file]) => forbidden(file)).map(([, chain]) => chain);

/** The Lambda entries: the files lib/ bundles with `lambdaEntry('name')`. */
const LAMBDA_ENTRIES = [
  ...new Set(
    sources('lib').flatMap((file) =>
      // lambdaEntry('name'), or stackFunction(scope, id, 'name', ...), which bundles that entry.
      [
        ...readFileSync(join(root, file), 'utf8').matchAll(
          /(?:lambdaEntry\(|stackFunction\(\s*[\w.]+,\s*'[\w-]+',\s*)'([\w-]+)'/g,
        ),
      ].map((m) => `functions/lambda/${m[1]!}.ts`),
    ),
  ),
];

/**
 * The credentials readers: the files of functions/credentials/ that read a file, the environment or Secrets
 * Manager. The others (pem.ts, totp.ts, secret-values.ts) only judge or list values they are handed.
 */
const CREDENTIAL_READERS = sources('functions/credentials').filter((file) =>
  /'node:fs|'fs'|\/read-file'|@aws-sdk\/client-secrets-manager|process\.env|NodeJS\.ProcessEnv|readPemFile|readFileSync/.test(
    readFileSync(join(root, file), 'utf8'),
  ),
);

/**
 * The unit the folder rule is about: a top-level folder of functions/ (`functions/probe`, its subfolders
 * included), or a file directly under functions/ (`functions/types.ts`), which belongs to no folder.
 */
const folderOf = (file: string): string => file.split('/').slice(0, 2).join('/');

/** The folders of functions/ as a graph: an edge when a file of one imports a file of the other. */
function folderGraph(): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (!file.startsWith('functions/')) continue;
    const from = folderOf(file);
    const edges = folders.get(from) ?? new Set<string>();
    folders.set(from, edges);
    for (const target of targets)
      if (target.startsWith('functions/') && folderOf(target) !== from) edges.add(folderOf(target));
  }
  return new Map([...folders].map(([folder, edges]) => [folder, [...edges]]));
}

/** One import that makes folder `from` depend on folder `to`, for the failure message. */
const folderEdge = (from: string, to: string): string => {
  const [file, targets] = [...graph].find(
    ([f, t]) => folderOf(f) === from && t.some((target) => folderOf(target) === to),
  )!;
  return `${file} -> ${targets.find((target) => folderOf(target) === to)!}`;
};

/**
 * What sim/ may reach besides itself and the contract (CONTRIBUTING.md says the same), each for one reason: the
 * simulator writes the config file a run reads (its JSON shape, `ConfigFileJson`, and the types that shape names),
 * and `sim/month.ts` marks a server down for the failures the registry calls downtime, as the probe's run line
 * does. A new entry is a decision to write down there too.
 */
const SIM_MAY_REACH: Readonly<Record<string, string>> = {
  'functions/config/schema.ts': 'ConfigFileJson: the file the simulator writes for the CLI',
  'functions/config/display-name.ts': 'the display name field schema.ts holds (no imports of its own)',
  'functions/config/schema-type.ts':
    'the type a declaration accepts, which ConfigFileJson is derived with (no imports)',
  'functions/config/quorum-shape.ts': "the quorum's part of ConfigFileJson, which schema.ts names",
  'functions/config/status-page-shape.ts': "the status page's part of ConfigFileJson, which schema.ts names",
  'functions/config/preview-shape.ts': "the Preview org's part of ConfigFileJson, which schema.ts names",
  'functions/config/metric-stream-shape.ts':
    "metricStream's part of ConfigFileJson, which schema.ts names (no imports)",
  'functions/okta-cell.ts': "the cell spellings oktaCell's declaration holds as its pattern (no imports)",
  'functions/types.ts': 'the config types schema.ts names',
  'functions/journey-state.ts': 'the journey-state types ProbeOptions (types.ts) names',
  'functions/kept-state.ts': "the kept records' store type ProbeOptions (types.ts) names",
  'functions/plan/check-table.ts': 'AVAILABILITY_CHECKS: which failures take a server down in a simulated month',
  'functions/plan/check-row.ts': "the shape of the registry's rows",
};
/** The registry's rows, written by family: the check registry, which sim/month.ts reads. */
const REGISTRY_ROWS = 'functions/plan/rows/';

describe('architecture: what each folder reaches through any chain of imports', () => {
  it('finds what a chain reaches, and the chain', () => {
    const edges = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', []],
      ['d', ['a']],
    ]);
    expect(Object.fromEntries(reach(['a'], edges))).toEqual({ a: 'a', b: 'a -> b', c: 'a -> b -> c' });
    // the rules read the tree they claim to: lib/ reaches the contract through the plan, type imports count
    expect(reach(['lib/stack.ts']).has('functions/contract/names.ts')).toBe(true);
    expect(graph.get('sim/state.ts')).toContain('sim/tokens.ts'); // `import type`
    expect(LAMBDA_ENTRIES.sort()).toEqual([
      'functions/lambda/notifier.ts',
      'functions/lambda/probe.ts',
      'functions/lambda/sign-ins-aggregator.ts',
    ]);
    expect(CREDENTIAL_READERS).toEqual(
      expect.arrayContaining([
        'functions/credentials/key-file.ts',
        'functions/credentials/local.ts',
        'functions/credentials/secrets-manager.ts',
        'functions/credentials/user-secrets.ts',
      ]),
    );
    expect(CREDENTIAL_READERS).not.toContain('functions/credentials/pem.ts');
  });

  it('nothing under functions/ reaches lib/ (CDK stays out of the Lambda and the CLI)', () => {
    expect(reachedChains(sources('functions'), (file) => file.startsWith('lib/'))).toEqual([]);
  });

  it('lib/ never reaches a Lambda entry, the CLI, the probe or a credentials reader at synth', () => {
    const forbidden = (file: string): boolean =>
      LAMBDA_ENTRIES.includes(file) ||
      CREDENTIAL_READERS.includes(file) ||
      /^functions\/(lambda|cli|probe)\//.test(file);
    expect(reachedChains(sources('lib'), forbidden)).toEqual([]);
  });

  it(
    'nothing shipped imports a Lambda entry but a benchmark that invokes it: what an entry shares lives beside ' + 'it',
    () => {
      const importers = [...graph]
        .filter(([file]) => !file.startsWith('scripts/bench/'))
        .flatMap(([file, targets]) =>
          targets.filter((target) => LAMBDA_ENTRIES.includes(target)).map((target) => `${file} -> ${target}`),
        );
      expect(importers).toEqual([]);
    },
  );

  it('the probe never reaches the CLI, the Lambda, cost or the simulator', () => {
    expect(
      reachedChains(
        sources('functions/probe'),
        (file) => /^functions\/(lambda|cli|cost)\//.test(file) || file.startsWith('sim/'),
      ),
    ).toEqual([]);
  });

  it(
    'functions/quorum/ is a pure room: through any chain it reaches no AWS client, no network and nothing of ' +
      'lambda/, cli/ or probe/',
    () => {
      const room = sources('functions/quorum');
      expect(room).toEqual(expect.arrayContaining(['functions/quorum/decide.ts', 'functions/quorum/window.ts']));
      expect(reachedChains(room, (file) => /^functions\/(lambda|cli|probe)\//.test(file))).toEqual([]);
      // What it reaches among the shipped files, and what those load from outside them: no SDK, no socket, no HTTP.
      // A type-only import loads nothing (functions/types.ts names undici's types).
      const loads = (file: string): string[] =>
        [
          ...readFileSync(join(root, file), 'utf8').matchAll(
            /^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s*'([^']+)'/gm,
          ),
        ].map((m) => m[1]!);
      const outside = [...reach(room).keys()].flatMap((file) =>
        loads(file)
          .filter((spec) => /^@aws-sdk\/|^undici$|^node:(http|https|net|tls|dgram|dns)$/.test(spec))
          .map((spec) => `${file} -> ${spec}`),
      );
      expect(outside).toEqual([]);
      // The rule bites: the Lambda's AWS ports load the SDK.
      expect(loads('functions/lambda/quorum-aws.ts').some((spec) => spec.startsWith('@aws-sdk/'))).toBe(true);
    },
  );

  it('no two folders of functions/ import each other, directly or around a longer loop', () => {
    const folders = folderGraph();
    expect(folders.size).toBeGreaterThan(10);
    const loops = cycles(folders).map((loop) => {
      const steps = loop.split(' -> ');
      return steps
        .slice(1)
        .map((to, i) => folderEdge(steps[i]!, to))
        .join(', then ');
    });
    expect(loops).toEqual([]);
  });

  it("sim/ reaches only itself, the contract, the config file's shape and the check registry (CONTRIBUTING.md)", () => {
    const allowed = (file: string): boolean =>
      file.startsWith('sim/') ||
      file.startsWith('functions/contract/') ||
      file.startsWith(REGISTRY_ROWS) ||
      file in SIM_MAY_REACH;
    expect(reachedChains(sources('sim'), (file) => !allowed(file))).toEqual([]);
  });
});

/**
 * How long a function is when it decides more than one thing: 60 lines or more, from its first token to its last line
 * (its doc comment says why and is not code). Prettier lays code out at 120 columns, so a line count measures the
 * code, not how densely it was written: a file cap rewarded joining lines.
 */
const LONG_FUNCTION_LINES = 60;
/** What the product ships to Lambda, the CLI and CDK: the folders the rule's goal, at most 10, is set for. */
const PRODUCT = ['functions', 'lib'];
/**
 * How many functions of the product may still be that long: a ratchet, lowered by whoever split one, now at none. A
 * function that grows to the count decides more than one thing and is split by meaning; one cut to a line under the
 * count is no split.
 */
const LONG_PRODUCT_FUNCTIONS_ALLOWED = 0;
/** The same for the rest of what ships (the simulator, scripts and benchmarks, not tests): a count that only falls. */
const LONG_TOOLING_FUNCTIONS_ALLOWED = 5;
/**
 * Lines past 120 columns that the formatter cannot split: a template literal whose parts are expressions. ESLint's
 * max-len holds every other line to 120; this ratchet keeps these from growing.
 */
const LONG_TEMPLATE_LINES_ALLOWED = 374;

/** One cycle through each strongly connected set of files, as "a -> b -> a"; none when the graph is a DAG. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('a module shows only what others use', () => {
  it('exports nothing that no other file names (a private helper stays private)', () => {
    expect(unusedExports()).toEqual([]);
  });
});

describe('one job per file', () => {
  /** The shipped functions `within` holds of LONG_FUNCTION_LINES or more, each as "file:line name (lines)". */
  const longIn = (within: (file: string) => boolean): string[] =>
    longFunctions(root, shipped.filter(within), LONG_FUNCTION_LINES).map(
      (f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`,
    );
  const inProduct = (file: string): boolean => PRODUCT.some((dir) => file.startsWith(`${dir}/`));

  it(`holds the product to ${LONG_PRODUCT_FUNCTIONS_ALLOWED} functions of ${LONG_FUNCTION_LINES}+ lines`, () => {
    expect(shipped.filter(inProduct).length).toBeGreaterThan(100); // the walk reads the tree it claims to
    const long = longIn(inProduct);
    expect(long.length, long.join('\n')).toBeLessThanOrEqual(LONG_PRODUCT_FUNCTIONS_ALLOWED);
  });

  it(`holds what else ships to ${LONG_TOOLING_FUNCTIONS_ALLOWED} functions of ${LONG_FUNCTION_LINES}+ lines`, () => {
    const long = longIn((file) => !inProduct(file));
    expect(long.length, long.join('\n')).toBeLessThanOrEqual(LONG_TOOLING_FUNCTIONS_ALLOWED);
  });

  it('counts a function by its lines from its first token to its end, arrows and methods included', () => {
    const text = ['/**', ' * Why.', ' */', 'function a() {', '  return 1;', '}', 'const b = () => {', '', '};'];
    expect(
      functionSpans('x.ts', [...text, 'class C { m() {} }'].join('\n')).map((f) => [f.name, f.line, f.lines]),
    ).toEqual([
      ['a', 4, 3],
      ['b', 7, 3],
      ['m', 10, 1],
    ]);
  });

  it(`keeps lines to 120 columns but for ${LONG_TEMPLATE_LINES_ALLOWED} template literals, a count that only falls`, () => {
    const all = [...shipped, ...sources('test', /\.(ts|mjs)$/)];
    const long = all.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.length > 120 ? [`${file}:${i + 1}`] : [])),
    );
    expect(long.length).toBeLessThanOrEqual(LONG_TEMPLATE_LINES_ALLOWED);
  });

  it('finds a cycle where there is one, type-only imports included', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual(['a -> b -> c -> a']);
    expect(
      cycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycles among the shipped sources', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the contract import-free: its files import only each other', () => {
    const contract = sources('functions/contract');
    expect(contract).toContain('functions/contract/index.ts');
    const inside = (file: string, spec: string): boolean =>
      spec.startsWith('.') &&
      (resolved(relative(root, resolve(join(root, dirname(file)), spec))) ?? '').startsWith('functions/contract/');
    const outside = contract.flatMap((file) =>
      specifiers(file)
        .filter((spec) => !inside(file, spec))
        .map((spec) => `${file} -> ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('lets only functions/probe/http/ load undici (others may name its types, as ProbeOptions does)', () => {
    const loadsUndici = (file: string): boolean => {
      const text = readFileSync(join(root, file), 'utf8');
      return (
        /^import\s+(?!type\s)[^;]*?from\s+'undici(?:\/[^']*)?'/m.test(text) ||
        /import\(\s*'undici(?:\/[^']*)?'\s*\)(?!\.)/.test(text) ||
        /require\(\s*'undici/.test(text)
      );
    };
    expect(
      shipped.filter((file) => file.startsWith('functions/probe/http/') && loadsUndici(file)).length,
    ).toBeGreaterThan(0);
    expect(shipped.filter((file) => !file.startsWith('functions/probe/http/') && loadsUndici(file))).toEqual([]);
  });
});

/** How many files functions/ may hold at its top: the house keeps roles in folders. */
const MAX_TOP_FILES = 6;

/** The longest line the folder map may hold: a newcomer reads it as a list, a folder to a line, a few files a line. */
const MAX_MAP_LINE = 120;

/** CONTRIBUTING.md's "Where things are" section, line by line: the folder map, up to the next heading of its level. */
function mapLines(): string[] {
  const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
  return (/^## Where things are\n([\s\S]*?)^## /m.exec(text)?.[1] ?? '').split('\n');
}

/**
 * The map's entries of functions/, by folder: a top-level bullet that starts with a folder of functions/ (the top
 * files' entry is `functions/`), with the indented lines under it, which name what lives there.
 */
function folderEntries(lines: readonly string[]): Map<string, string> {
  const entries = new Map<string, string>();
  let folder: string | undefined;
  for (const line of lines) {
    const head = /^- `(functions\/[^`]*)`/.exec(line)?.[1];
    if (head !== undefined) entries.set((folder = head), line);
    else if (folder !== undefined && /^\s+\S/.test(line)) entries.set(folder, `${entries.get(folder)!}\n${line}`);
    else folder = undefined;
  }
  return entries;
}

describe('the map matches the house (CONTRIBUTING.md "Where things are")', () => {
  const files = sources('functions', /\.ts$/);
  const lines = mapLines();
  const entries = folderEntries(lines);

  it(`reads as a list: no line of the map is longer than ${MAX_MAP_LINE} characters`, () => {
    expect(lines.length).toBeGreaterThan(100); // the section was found
    expect(lines.filter((line) => line.length > MAX_MAP_LINE).map((line) => `${line.length}: ${line}`)).toEqual([]);
  });

  it('gives each folder of functions/ one line, and its files on the sub-bullets under it', () => {
    const flat = [...entries].filter(([, entry]) => !entry.split('\n').some((line) => /^ {2}- /.test(line)));
    expect(flat.map(([folder]) => folder)).toEqual([]);
  });

  it('keeps at most six files at the top of functions/', () => {
    expect(files.filter((file) => file.split('/').length === 2).length).toBeLessThanOrEqual(MAX_TOP_FILES);
  });

  it("names every folder and file of functions/ in its folder's entry", () => {
    expect(entries.size).toBeGreaterThan(10); // the entries were found
    const unnamed = files.flatMap((file) => {
      const parts = file.split('/');
      const folder = parts.length === 2 ? 'functions/' : `functions/${parts[1]!}/`;
      const entry = entries.get(folder);
      if (entry === undefined) return [`${folder} has no entry`];
      const inFolder = parts.slice(folder.split('/').length - 1);
      const within = inFolder.slice(0, -1);
      const path = inFolder.join('/');
      const name = parts.at(-1)!;
      // A file in a subfolder is named by its path there (`inventory/run.ts`), or by its name alone when no other
      // file of the folder has that name (a top file is named by its name).
      const unique =
        parts.length === 2 ||
        files.filter((other) => other.startsWith(folder) && other.endsWith(`/${name}`)).length === 1;
      const named = entry.includes(`\`${path}\``) || (unique && entry.includes(`\`${name}\``));
      const subfolders = within
        .map((_, i) => `${within.slice(0, i + 1).join('/')}/`)
        .filter((sub) => !entry.includes(`\`${sub}\``));
      return [...subfolders, ...(named ? [] : [path])].map(
        (what) => `${file}: ${what} is not named in the entry of ${folder}`,
      );
    });
    expect([...new Set(unnamed)]).toEqual([]);
  });

  it('names no file that is not there', () => {
    const named = [...entries].flatMap(([folder, entry]) =>
      [...entry.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => ({ folder, name: m[1]! })),
    );
    const absent = named.filter(
      ({ folder, name }) =>
        !files.some((file) => file.startsWith(folder) && file.endsWith(`/${name}`)) &&
        !existsSync(join(root, 'functions', name)) &&
        !existsSync(join(root, name)),
    );
    expect(absent.map(({ folder, name }) => `${folder}: ${name}`)).toEqual([]);
  });

  // The recipes send a contributor to a folder by its path from the root; one moved away sends them nowhere.
  it('sends a contributor to no folder that is not there, in the map or a recipe', () => {
    const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
    const folders = [...text.matchAll(/`((?:functions|lib|sim|test|scripts|bin|docs)\/[\w./-]*\/)`/g)].map(
      (m) => m[1]!,
    );
    expect(folders.length).toBeGreaterThan(5); // the folders were found
    expect([...new Set(folders)].filter((folder) => !existsSync(join(root, folder)))).toEqual([]);
  });
});

/**
 * The probe by kind (CONTRIBUTING.md "Where things are"): each subfolder of functions/probe/ but the shared core's
 * (`http/`, `okta/`) is a kind of check. A kind imports the shared core and never another kind, through any chain;
 * the shared core never reaches a kind, but for the two files that compose them (`engine.ts`, `runners.ts`), which no
 * kind imports. The one hand-over between kinds is a type of the core (`session.ts`).
 */
const PROBE = 'functions/probe/';
const CORE_FOLDERS = ['http', 'okta'];
const COMPOSERS = [`${PROBE}engine.ts`, `${PROBE}runners.ts`];
const probeFiles = shipped.filter((file) => file.startsWith(PROBE));
const kindOf = (file: string): string | undefined => {
  if (!file.startsWith(PROBE)) return undefined;
  const parts = file.slice(PROBE.length).split('/');
  return parts.length > 1 && !CORE_FOLDERS.includes(parts[0]!) ? parts[0] : undefined;
};
const KINDS = [...new Set(probeFiles.map(kindOf).filter((kind): kind is string => kind !== undefined))];

describe('the probe by kind: a kind reaches the shared core, never another kind', () => {
  it('finds the kinds the map names', () => {
    expect(KINDS.sort()).toEqual([
      'access',
      'feed',
      'integrations',
      'inventory',
      'provisioning',
      'saml',
      'servers',
      'sign-in',
      'system-log',
    ]);
  });

  it.each(KINDS)('%s/ reaches no other kind and neither composer, through any chain', (kind) => {
    const own = probeFiles.filter((file) => kindOf(file) === kind);
    expect(
      reachedChains(own, (file) => (kindOf(file) !== undefined && kindOf(file) !== kind) || COMPOSERS.includes(file)),
    ).toEqual([]);
  });

  it('the shared core reaches no kind, but through the composers', () => {
    const core = probeFiles.filter((file) => kindOf(file) === undefined && !COMPOSERS.includes(file));
    expect(core.length).toBeGreaterThan(20);
    expect(reachedChains(core, (file) => kindOf(file) !== undefined || COMPOSERS.includes(file))).toEqual([]);
  });

  it('a chain across kinds is found where there is one', () => {
    const edges = new Map([
      [`${PROBE}saml/a.ts`, [`${PROBE}verdict.ts`]],
      [`${PROBE}verdict.ts`, [`${PROBE}sign-in/b.ts`]],
    ]);
    expect([...reachIn([`${PROBE}saml/a.ts`], edges).keys()]).toContain(`${PROBE}sign-in/b.ts`);
  });
});

describe('one definition of each fact', () => {
  // A constant of the contract written again elsewhere drifts from it (DAY_MS was defined twice).
  it('defines no constant of the contract a second time anywhere shipped', () => {
    const contract = sources('functions/contract', /\.ts$/);
    const names = contract.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^export const (\w+)\b/gm)].map((m) => m[1]!),
    );
    expect(names).toContain('DAY_MS');
    // Each file's top-level-looking consts in one pass, then those the contract names: not a pass per name.
    const again = shipped
      .filter((file) => !file.startsWith('functions/contract/'))
      .flatMap((file) => {
        const text = readFileSync(join(root, file), 'utf8');
        const defined = new Set([...text.matchAll(/^\s*(?:export\s+)?const (\w+)\s*[=:]/gm)].map((m) => m[1]!));
        return names.filter((name) => defined.has(name)).map((name) => `${file}: ${name}`);
      });
    expect(again).toEqual([]);
  });

  // The journey's state is the lockout rules of a password and a TOTP code: whatever takes the session (SAML apps
  // today) is none of its business, or its rules start bending to one taker.
  it("keeps the journey's state rules free of what takes its session", () => {
    const rules = ['state.ts', 'store.ts', 'guard.ts', 'guard-open.ts', 'guard-outcomes.ts', 'recheck.ts'].map(
      (name) => `${PROBE}sign-in/${name}`,
    );
    expect(rules.every((file) => shipped.includes(file))).toBe(true);
    expect(rules.filter((file) => /saml/i.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });
});

describe('comments say why on their own', () => {
  // A maintainer has no issue tracker to read a ticket's number against: a comment states the reason, or names a file
  // of docs/decisions/ where the decision is written out. The commit log keeps the history.
  const CITES_ISSUE = /\bissues? #?\d+/i;
  /** Each citation in `text`, found after comment markers and line breaks are folded into one space. */
  const citations = (file: string, text: string): string[] => {
    const starts: number[] = [];
    let joined = '';
    for (const line of text.split('\n')) {
      const body = line.replace(/^\s*(\/\/+|\/\*+|\*+\/?)?\s*/, '');
      starts.push(joined.length);
      joined += `${body} `;
    }
    return [...joined.matchAll(new RegExp(CITES_ISSUE.source, 'gi'))].map((m) => {
      const at = starts.findLastIndex((start) => start <= (m.index ?? 0));
      return `${file}:${at + 1}: ${m[0].replace(/\s+/g, ' ')}`;
    });
  };
  it('cites no issue number in any source or test file, even where a line break splits the words', () => {
    const all = [...shipped, ...sources('test', /\.(ts|mjs)$/)];
    expect(all.length).toBeGreaterThan(400);
    const citing = all.flatMap((file) => citations(file, readFileSync(join(root, file), 'utf8')));
    expect(citing).toEqual([]);
  });
  it('cites none in the committed Markdown either: a maintainer reads docs without a tracker', () => {
    const top = readdirSync(root).filter((name) => name.endsWith('.md'));
    const docs = [...top, ...sources('docs', /\.md$/)];
    expect(docs).toContain('BENCHMARKS.md');
    const citing = docs.flatMap((file) => citations(file, readFileSync(join(root, file), 'utf8')));
    expect(citing).toEqual([]);
  });
  it('joins comment lines before it looks: a citation split across two lines is still one', () => {
    const word = 'iss' + 'ue';
    expect(citations('x.ts', `// as ${word}\n// 37 asked\nconst a = 1;`)).toEqual([`x.ts:1: ${word} 37`]);
    expect(citations('x.ts', ` * the ${word}\n * r of the token`)).toEqual([]);
  });
  it('knows a citation when it sees one, and an upstream reference is not one', () => {
    // Built, not written: this file is read by the rule above too.
    const word = 'iss' + 'ue';
    const cited = [`// (${word} 37) kept`, `see I${word.slice(1)} #12`, `${word}s 35, 36`];
    expect(cited.every((line) => CITES_ISSUE.test(line))).toBe(true);
    expect(['okta/okta-auth-js#1592', 'the issuer', 'tissue 3'].some((line) => CITES_ISSUE.test(line))).toBe(false);
  });
});

describe('one owner of each System Log read (docs/decisions/one-log-consumer.md)', () => {
  // The readers of the log's windows once each kept a copy of the cursor, the window, the backfill and the uuid
  // dedupe, and the copies drifted (one kept the first copy of an event, two the last). A read of the log, or a window
  // deduped by uuid, written outside the modules that own them is a copy starting again.
  const OWNERS: Readonly<Record<string, RegExp>> = {
    // The session's request loop: it alone builds a URL of /api/v1/logs.
    'functions/probe/okta/log-session.ts': /\$\{[^}]+\}\/api\/v1\/logs/,
    // The cursor polls through the session; the consumer and the run's one follow-up query (no window, no cache, no
    // stream: its own cursor's events judged at once) through the cursor.
    'functions/probe/okta/log-cursor.ts': /\.poll(<[^>]*>)?\(/,
    'functions/probe/okta/log-consumer.ts': /\breadNewEvents\(/,
    'functions/probe/system-log/look-up.ts': /\bpollNewEvents\(/,
    // The one rule of each uuid once (the first copy): a Map keyed by an event's uuid.
    'functions/probe/okta/log-events.ts': /\.set\(\s*\w+\.uuid\s*,|\[\s*\w+\.uuid\s*,\s*\w+\s*\]/,
  };
  /** A file's code without its comments: a comment may name what it does not do. */
  const code = (file: string): string =>
    readFileSync(join(root, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
  const outside = (pattern: RegExp, owner: string): string[] =>
    shipped.filter((file) => file.startsWith('functions/') && file !== owner && pattern.test(code(file)));

  it('finds each owner doing what it owns', () => {
    for (const [owner, pattern] of Object.entries(OWNERS)) expect(pattern.test(code(owner)), owner).toBe(true);
  });
  it('finds no read of the log, poll of a cursor or uuid window outside its owner', () => {
    const reads = Object.entries(OWNERS).flatMap(([owner, pattern]) =>
      outside(pattern, owner).map((file) => `${file}: ${pattern.source}`),
    );
    // The two cursor readers own each other's call: the look-up's poll and the consumer's read both go through it.
    const cursorCalls = outside(/\b(readNewEvents|pollNewEvents)\(/, '').filter((file) => !Object.hasOwn(OWNERS, file));
    expect({ reads, cursorCalls }).toEqual({ reads: [], cursorCalls: [] });
  });
});

describe('one timeout race (functions/deadline.ts within)', () => {
  // Timeout races were written five ways (a rejecting timer, a resolving one, a sleep, an abort listener), each with
  // its own clean-up to forget. Every wait the code bounds goes through `within`; a Promise.race is the first of two
  // answers (runners.ts: the password's verdict or the journey's), never a race against a timer.
  const FIRST_OF_TWO = ['functions/probe/runners.ts'];
  /** Timeout races not yet through `within`: none left, and the count only falls. */
  const TIMEOUT_RACES_LEFT: string[] = [];
  const races = (): string[] =>
    shipped.filter(
      (file) =>
        file.startsWith('functions/') &&
        /Promise\.race\(/.test(readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')),
    );
  it('finds a Promise.race only where it is the first of two answers', () => {
    expect(races().filter((file) => !FIRST_OF_TWO.includes(file))).toEqual(TIMEOUT_RACES_LEFT);
    expect(readFileSync(join(root, FIRST_OF_TWO[0]!), 'utf8')).not.toMatch(/setTimeout\(|AbortSignal\.timeout/);
  });
});

describe('the Lambdas write their lines through the one logger (functions/lambda/log.ts)', () => {
  // A bare stderr or console line is plain text beside the JSON lines: Logs Insights cannot read its fields, and its
  // redaction is the caller's to remember. Everything a Lambda entry runs (through any chain of imports, dynamic ones
  // included) writes through the logger, which scrubs every text itself.
  const LOGGER = 'functions/lambda/log.ts';
  const bare = /process\.stderr\b|console\.(log|warn|error|info|debug|trace)\(/;
  it('finds no stderr or console write in what a Lambda entry reaches, but the logger', () => {
    const reached = [...reach(LAMBDA_ENTRIES).keys()];
    expect(reached).toEqual(expect.arrayContaining([LOGGER, 'functions/lambda/preview-run.ts']));
    const writers = reached.filter(
      (file) => file !== LOGGER && bare.test(readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')),
    );
    expect(writers).toEqual([]);
  });

  // One logger per invocation (functions/text/logger.ts): each Lambda handler makes its own with the invocation's
  // context and the CLI's run its own, the run's secrets registered with it once, so no call has a secrets list to
  // forget. The old per-call logLine(level, message, fields, secrets) is gone; nothing else makes a Logger or writes a
  // line to stdout, but for the two lines that are not log calls, each named with why.
  const LOGGERS = [LOGGER, 'functions/text/logger.ts'];
  const NOT_LOG_CALLS: Record<string, string> = {
    'functions/lambda/metrics-sink.ts': "EMF lines: CloudWatch's metric format, read by CloudWatch, not a log call",
    'functions/lambda/probe.ts':
      "the run line: the run log's contract (RunLogLine), scrubbed with the logger's secrets",
  };
  const code = (file: string): string => readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
  it('finds no line logged beside the invocation logger: no logLine, console, Logger or stdout line of its own', () => {
    const found = shipped
      .filter((file) => file.startsWith('functions/') && !LOGGERS.includes(file))
      .flatMap((file) => {
        const text = code(file);
        return [
          ...(/\blogLine\(|console\.(log|warn|error|info|debug|trace)\(|process\.stderr\b|new Logger\(/.test(text)
            ? [file]
            : []),
          ...(/process\.stdout\.write\(/.test(text) && !Object.hasOwn(NOT_LOG_CALLS, file) ? [`${file} (stdout)`] : []),
        ];
      });
    expect(found).toEqual([]);
  });

  it("makes each handler's logger anew per invocation, and the CLI's run its own", () => {
    expect(LAMBDA_ENTRIES.length).toBeGreaterThan(0);
    const once = LAMBDA_ENTRIES.filter((file) => !/\blog = invocationLogger\(context\)/.test(code(file)));
    expect(once).toEqual([]);
    expect(code('functions/cli/run.ts')).toMatch(/\bconst log = textLogger\(io\.stderr\)/);
  });
});

describe('one cached read and one way to wait (cache/read-through.ts readThrough, deadline.ts)', () => {
  // A hand-kept cache forgets one of its rules (what a failure keeps, how long, a forced read, a stale value told as
  // fresh); a raw timer forgets its clean-up or its deadline. Every cached read goes through readThrough, every bound
  // wait through `within` or `budget`, every pause through an injected one. The lists below only shrink: each file is
  // named with why it is there.
  // A run's state carried to the next run, not a read, is a kind of probe/warm-state.ts (typed, checked when read
  // back): no other file calls a ProbeCache's get or set.
  const HELPERS = [
    'functions/cache/read-through.ts',
    'functions/probe/cadence.ts',
    'functions/probe/warm-state.ts',
    'functions/deadline.ts',
  ];
  /** Cached reads not yet through readThrough (see the commit log); the list only shrinks. */
  const CACHES_LEFT: Record<string, string> = {};
  /** Module-level Maps that are not a read's cache (so cannot move onto readThrough), with why. */
  const MAPS_NOT_CACHES: Record<string, string> = {
    'functions/probe/client-auth.ts': "a memo of a pure computation (a PEM's imported key), no read and no expiry",
    'functions/probe/sign-in/guard.ts': "the TOTP replay guard's steps and counters used: state, never re-read",
    'functions/probe/sign-in/state.ts': "a memo of a password's scrypt fingerprint: a pure computation, no read",
    'functions/text/redact.ts': "a memo of each secret's encoded needles (bounded): a pure computation",
    'functions/lambda/stack-trace.ts': "the bundle's own source map, read once a process from the deployed code",
    'functions/cli/local-notify.ts': 'what this process could not write to an alarm file: state until written',
    'functions/cli/preview-run.ts': 'seenAhead: state (since when a Preview failure began), never re-read',
  };
  /** Raw timers not yet through `within`, `budget` or an injected pause; the list only shrinks. */
  const TIMERS_LEFT: Record<string, string> = {};
  /** Repeating ticks that bound no wait and pause nothing (so cannot move onto a helper), with why. */
  const TICKS_NOT_WAITS: Record<string, string> = {
    'functions/cli/progress.ts': "the progress line's redraw while a run lasts: a display tick, cleared at its end",
    'functions/cli/sim.ts': "the watch for the parent's death while the simulator serves: cleared once it stops",
    'functions/status-page/page-style.ts': "the status page's own script (the browser's timer): the stale mark's tick",
  };
  /** How many raw timers the files above hold between them. */
  const RAW_TIMERS_LEFT = 0;
  const code = (file: string): string =>
    readFileSync(join(root, file), 'utf8')
      .replace(/^\s*(\/\/|\*|\/\*).*$/gm, '')
      .replace(/\/\/.*$/gm, '');
  const product = shipped.filter((file) => file.startsWith('functions/') && !HELPERS.includes(file));
  const CACHE_CALL = /(?:\bcache|#cache)\??\.(?:get|set)\b/;
  // A cache kept in a closure or a record of its own, keyed by time: a value reused until `now - kept.readAt` passes
  // a bound, or until its `expiresAt` (a `let` beside a reader, a class's Map, a record in a file), whatever the
  // variable is called.
  const FRESHNESS =
    /\bnow(?:\(\))?\s*-\s*[\w.?#]+\.(?:\w*At|at)\s*[<>]=?|\.expiresAt\s*[<>]=?|[<>]=?\s*[\w.?#]+\.expiresAt\b/;
  /** Files that test a kept time's age for what is not a read's cache (state, another writer's record), with why. */
  const AGES_NOT_CACHES: Record<string, string> = {
    'functions/credentials/secrets-manager.ts': "a placeholder secret's age since it was created (its grace hours)",
    'functions/probe/okta/log-consumer.ts': "when the stream's backfill last ran: state (WARM.backfill)",
    'functions/probe/sign-in/state.ts': "the journey's early-run mark: the journey's state, carried to later runs",
    'functions/probe/provisioning/connections.ts': "each provisioning app's kept connection state (WARM.connections)",
    'functions/quorum/decide.ts': "another region's table, fresh or not: its writer's record, never a read kept here",
  };
  // A Map typed ReadonlyMap is a constant table, never written again: no cache.
  const MODULE_MAP = /^(?:const|let)\s+\w+(?:\s*:(?![^=]*ReadonlyMap)[^=]+)?\s*=\s*new Map\b/m;
  // A timer by any name: Node's timers and timers/promises imported (often renamed: `setTimeout as sleep`, whose calls
  // read `sleep(`), their scheduler's wait, a repeating interval.
  const RAW_TIMER = new RegExp(
    [
      /AbortSignal\.timeout\(|setTimeout\(|setInterval\(|scheduler\.wait\(/.source,
      /from\s*['"](?:node:)?timers(?:\/promises)?['"]/.source,
    ].join('|'),
  );
  const RAW_TIMERS = new RegExp(RAW_TIMER.source, 'g');
  const INLINE_SLEEP = /new Promise(?:<[^>]*>)?\(\s*\(?\s*\w+\s*\)?\s*=>\s*setTimeout\(/;

  it('finds each pattern where it is, and not in an ordinary line', () => {
    expect(CACHE_CALL.test('const kept = ctx.cache?.get<Observed>(key, now);')).toBe(true);
    expect(CACHE_CALL.test('this.#cache.set(secretId, secret);')).toBe(true);
    expect(CACHE_CALL.test('const cached = headers.get("cache-control");')).toBe(false);
    expect(FRESHNESS.test('if (read === undefined || (read.failed && now() - read.at >= AGAIN_MS)) {')).toBe(true);
    expect(FRESHNESS.test('if (held === undefined || now - held.readAt >= DAY_MS) return undefined;')).toBe(true);
    expect(FRESHNESS.test('const waitedMs = now - startedMs;')).toBe(false);
    expect(FRESHNESS.test('if (hit !== undefined && hit.expiresAt > this.#now()) return hit.value;')).toBe(true);
    expect(FRESHNESS.test('if (now() < entry.expiresAt) return entry.keys;')).toBe(true);
    expect(MODULE_MAP.test('const told = new Map<string, LocalAlarmFile>();')).toBe(true);
    expect(MODULE_MAP.test('  const seen = new Map<string, number>();')).toBe(false);
    expect(MODULE_MAP.test('const FAMILY_OF: ReadonlyMap<string, CodeFamily> = new Map(')).toBe(false);
    expect(MODULE_MAP.test('let byId: Map<string, number> = new Map();')).toBe(true);
    expect(RAW_TIMER.test('{ abortSignal: AbortSignal.timeout(SSM_CALL_TIMEOUT_MS) }')).toBe(true);
    expect(RAW_TIMER.test("import { setTimeout as sleepFor } from 'node:timers/promises';")).toBe(true);
    expect(RAW_TIMER.test('import { scheduler } from "timers/promises";')).toBe(true);
    expect(RAW_TIMER.test('await scheduler.wait(ms, { signal });')).toBe(true);
    expect(RAW_TIMER.test('const timer = setInterval(() => tick(), EVERY_MS);')).toBe(true);
    expect(RAW_TIMER.test("import { setTimeout } from 'node:timers';")).toBe(true);
    expect(RAW_TIMER.test("import { readFile } from 'node:fs/promises';")).toBe(false);
    expect(INLINE_SLEEP.test('await new Promise((resolve) => setTimeout(resolve, ms));')).toBe(true);
    expect(INLINE_SLEEP.test('new Promise<void>((r) => setTimeout(r, 5))')).toBe(true);
  });

  it('has readThrough imported from cache/ where it is defined, never re-exported by another module', () => {
    // A re-export is a second address for one helper: a reader of cadence.ts or probe/cache.ts took it for theirs.
    const REEXPORT = /^export\s*(?:type\s*)?(?:\{[^}]*\}|\*)\s*from\s*'[^']*cache\/read-through'/m;
    expect(REEXPORT.test("export { readThrough, type KeptPart } from '../cache/read-through';")).toBe(true);
    expect(shipped.filter((file) => REEXPORT.test(readFileSync(join(root, file), 'utf8')))).toEqual([]);
  });

  it('keeps no cache by hand outside readThrough, and no state outside the warm-state kinds', () => {
    const hand = product.filter((file) => CACHE_CALL.test(code(file)));
    expect(hand.filter((file) => !(file in CACHES_LEFT))).toEqual([]);
    const aged = product.filter((file) => FRESHNESS.test(code(file)));
    expect(Object.keys(CACHES_LEFT).filter((file) => !hand.includes(file) && !aged.includes(file))).toEqual([]);
  });

  it("keeps no read by hand in a variable or a record of its own, reused until its time's age passes a bound", () => {
    const aged = product.filter((file) => FRESHNESS.test(code(file)));
    const named = { ...AGES_NOT_CACHES, ...CACHES_LEFT };
    expect(aged.filter((file) => !(file in named))).toEqual([]);
    expect(Object.keys(AGES_NOT_CACHES).filter((file) => !aged.includes(file))).toEqual([]);
  });

  it('keeps no module-level Map as a cache', () => {
    const maps = product.filter((file) => MODULE_MAP.test(code(file)));
    expect(maps.filter((file) => !(file in MAPS_NOT_CACHES))).toEqual([]);
    expect(Object.keys(MAPS_NOT_CACHES).filter((file) => !maps.includes(file))).toEqual([]);
  });

  it('starts no raw timeout, abort timer or inline sleep outside the helpers but those left', () => {
    const named = { ...TIMERS_LEFT, ...TICKS_NOT_WAITS };
    const raw = product.filter((file) => RAW_TIMER.test(code(file)) || INLINE_SLEEP.test(code(file)));
    expect(raw.filter((file) => !(file in named))).toEqual([]);
    expect(Object.keys(named).filter((file) => !raw.includes(file))).toEqual([]);
    // A tick is a tick: a file named for its interval starts no other timer.
    const beside = Object.keys(TICKS_NOT_WAITS).filter((file) =>
      (code(file).match(RAW_TIMERS) ?? []).some((found) => found !== 'setInterval('),
    );
    expect(beside).toEqual([]);
    // And no new one in a file already named: the count of raw timers left only falls.
    const count = raw
      .filter((file) => file in TIMERS_LEFT)
      .reduce((n, file) => n + (code(file).match(RAW_TIMERS)?.length ?? 0), 0);
    expect(count).toBeLessThanOrEqual(RAW_TIMERS_LEFT);
  });
});
