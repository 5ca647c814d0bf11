// This org's own status page's shape in the configuration: its JSON Schema and its bound, apart from
// config/status-page.ts (which reads them) so that schema.ts and the simulator reach the shape without the readers.

/**
 * The most networks one page allows: the stack writes them into a CloudFront Function, whose code CloudFront caps at
 * 10 KB ("Maximum size of a function: 10 KB", CloudFront developer guide, "Quotas on CloudFront Functions");
 * test/lib/status-page-viewer.test.ts checks that this many of the longest entries fit.
 */
export const STATUS_PAGE_MAX_NETWORKS = 100;

/** The JSON Schema of `statusPage`, for editors (scripts/config-schema.ts). */
export const STATUS_PAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['allowFrom'],
  description:
    "This org's own status page for the help desk (docs/status-page.md), not Okta's status feed (that is " +
    'statusPageUrl). Deployed: after each run the stack publishes the page to S3 behind CloudFront, which ' +
    'answers only viewers from allowFrom; nothing of Okta stands in front of it, so it opens while Okta is down.',
  properties: {
    _comment: { type: 'string', description: 'Free text for people; ignored.' },
    allowFrom: {
      type: 'array',
      minItems: 1,
      maxItems: STATUS_PAGE_MAX_NETWORKS,
      items: { type: 'string', minLength: 1, maxLength: 64 },
      description:
        'The networks the help desk opens the page from, as IPv4 or IPv6 CIDRs ("203.0.113.0/24", ' +
        '"2001:db8:1200::/40"; a single address is /32 or /128), without host bits; 0.0.0.0/0 and ::/0 are ' +
        `refused (the page would be public). At most ${STATUS_PAGE_MAX_NETWORKS}.`,
    },
  },
} as const;
