// The walk reads the sign-in API's answers from what the page is given, not after it. A widget that follows Okta's
// failure redirect as soon as the answer's status arrives (a user not assigned, idx.error.code.user_not_assigned)
// navigates the tab away before the answer's body is read; Chromium then drops the body, and a 403 read as empty is a
// network zone's answer (NETWORK_BLOCKLISTED). Here the page leaves at once while the answer's body is still coming,
// which a loaded CI machine did by chance on Gen3's French page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSignIn } from '../../../../functions/probe/sign-in/flows/browser/walk';
import { findChromium } from '../../../../functions/probe/sign-in/flows/browser/chromium';
import { notAssignedRedirect } from '../../../../sim/endpoints/idx-org-answers';

/** The page: it asks the IDX API, and leaves for the failure page the moment the answer's status arrives. */
const PAGE = `<!doctype html><html><body><p>Loading</p><script>
fetch('/idp/idx/introspect', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  .then(() => { location.href = '/error.html'; });
</script></body></html>`;

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/oauth2/default/v1/authorize') === true) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (req.url === '/idp/idx/introspect') {
      const answer = notAssignedRedirect('state-handle-1', origin);
      if (answer.kind !== 'reply') throw new Error('the not-assigned answer is a reply');
      res.writeHead(403, { ...answer.headers, 'x-okta-request-id': 'req-not-assigned' });
      // The status and the first half now, the rest later: the page has left by then.
      const half = Math.floor(answer.body.length / 2);
      res.write(answer.body.slice(0, half));
      setTimeout(() => res.end(answer.body.slice(half)), 400);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>You are not allowed</p>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an answer whose page leaves before its body arrives', () => {
  it("is judged by its whole body: the user not assigned, the idx journey's code, not a network zone", async () => {
    const walked = await browserSignIn({
      chromium: findChromium(),
      authorizeUrl: `${origin}/oauth2/default/v1/authorize?client_id=app`,
      redirectUri: 'https://app.example/callback',
      pageOrigins: [origin],
      username: 'page.user@example.com',
      password: 'not-a-secret-1',
      hasTotpSecret: false,
      renderBudgetMs: 10_000,
      stepMs: 10_000,
      totp: () => Promise.resolve({ code: '000000' }),
      passwordStep: () => undefined,
      totpAnswer: () => undefined,
      secrets: () => ['not-a-secret-1'],
    });
    const diagnosis = 'verdict' in walked ? walked.verdict.diagnosis : null;
    expect(diagnosis?.code, diagnosis?.detail).toBe('USER_NOT_ASSIGNED');
  });
});
