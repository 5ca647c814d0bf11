// The token at the organisation's own API (sim/endpoints/resource-api.ts): one scenario per diagnosis of the resource
// check. Each changes what the API expects or does, never Okta: the token checks pass in every one of them, which is
// what tells the API's failure from Okta's.
import type { DiagnosisCode } from '../functions/contract';
import type { ConfigFileJson } from '../functions/config/schema';
import type { SimFaults } from './faults';

/** The custom server whose tokens the API accepts. */
const CUSTOM = 'default';
/** Where the moved API now lives: a loopback port nothing listens on, which the probe must never call. */
const RESOURCE_MOVED_TO = 'http://127.0.0.1:9/resource-api/orders';

interface ResourceScenario {
  readonly description: string;
  readonly expect: readonly { readonly server: string; readonly check: 'resource'; readonly code: DiagnosisCode }[];
  readonly faults?: SimFaults;
  readonly config?: (cfg: ConfigFileJson) => ConfigFileJson;
}

const expectResource = (code: DiagnosisCode): ResourceScenario['expect'] => [
  { server: CUSTOM, check: 'resource', code },
];

export const RESOURCE_SCENARIOS = {
  'resource-audience': {
    description:
      'The API validates the audience api://orders while the server issues api://default: it answers 401 ' +
      'invalid_token naming aud, and Okta is fine.',
    expect: expectResource('RESOURCE_TOKEN_REJECTED'),
    faults: { resourceApi: { audience: 'api://orders' } },
  },
  'resource-scope': {
    description: 'The API requires the scope orders.read, which the token does not carry: 403 insufficient_scope.',
    expect: expectResource('RESOURCE_SCOPE_INSUFFICIENT'),
    faults: { resourceApi: { scope: 'orders.read' } },
  },
  'resource-claim': {
    description: 'The API requires a "tenant" claim the server does not put in its access tokens: 401 naming it.',
    expect: expectResource('RESOURCE_CLAIM_MISSING'),
    faults: { resourceApi: { claim: 'tenant' } },
  },
  'resource-down': {
    description: "The API is down (503 from its load balancer): the API's failure, never Okta's.",
    expect: expectResource('RESOURCE_UNAVAILABLE'),
    faults: { resourceApi: { down: true } },
  },
  'resource-moved': {
    description: 'The API moved and redirects to another host: the probe judges the redirect and never follows it.',
    expect: expectResource('RESOURCE_REDIRECTED'),
    faults: { resourceApi: { redirectTo: RESOURCE_MOVED_TO } },
  },
  'resource-not-found': {
    description: 'The config lists a resource the API does not serve (a typo in the path): 404 from the API.',
    expect: expectResource('RESOURCE_UNEXPECTED_STATUS'),
    config: (cfg) => ({
      ...cfg,
      servers: cfg.servers.map((server) =>
        server.resources === undefined
          ? server
          : { ...server, resources: server.resources.map((r) => ({ ...r, url: r.url.replace(/orders$/, 'order') })) },
      ),
    }),
  },
} satisfies Record<string, ResourceScenario>;
