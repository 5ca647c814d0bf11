// The only folder that knows the HTTP client (undici); everything else imports from here. Every Okta exchange goes
// through send(), which never throws and never outlives its timeout: a failing endpoint is data for a diagnosis,
// not an exception. One job per file: the shapes of an exchange (types), the phase timings and certificate
// (trace), the connection pool and proxy (dispatcher), the exchange (send), a list answer read element by element
// (json-array), a thrown error's kind (failure), reading an answer (answer), the cookies it sets (cookies), the
// first-use warm-up (warm-up) and the server of this process its first-use work is sent to (loopback).
export { header, parseJsonBody } from './answer';
export { CookieJar, MIN_SCRUBBED_COOKIE, setCookies, type SetCookie } from './cookies';
export { createDispatcher, proxySettings, type DispatcherOptions } from './dispatcher';
export { send, USER_AGENT } from './send';
export type {
  ArrayLimits,
  ArrayRead,
  BodyBudget,
  HttpFailure,
  HttpOutcome,
  HttpRequest,
  HttpResponse,
  ListBudget,
  ListReading,
  PeerCertificate,
} from './types';
export { cutByBudget, listAnswer, pageBytes } from './json-array';
export { onLoopback } from './loopback';
export { warmUpHttp } from './warm-up';
