// Hostile SSO pages, each near the page cap where size is what makes it costly, or shaped where a browser's form rules
// and a naive reader part: the corpus the page reader's test holds (page-attacks.test.ts: where each one's form posts,
// as a browser decides) and the benchmark times (scripts/bench/saml-attacks.ts).
import { MAX_SSO_PAGE_BYTES } from '../../../../functions/probe/saml/page';

export interface PageAttack {
  readonly name: string;
  readonly html: string;
  /** The action the browser would post the first form to, resolved; null: no form with a SAMLResponse is read. */
  readonly posts: string | null;
}

const ROOM = MAX_SSO_PAGE_BYTES - 2048;
const fill = (unit: string, head = '', tail = ''): string => `${head}${unit.repeat(Math.floor((ROOM - head.length - tail.length) / unit.length))}${tail}`;
const FORM = (action: string): string => `<form action="${action}" method="POST"><input type="hidden" name="SAMLResponse" value="UQ=="></form>`;
export const ATTACK_PAGE_URL = 'https://acme.okta.com/app/acme_app_1/exk1/sso/saml';

export function pageAttacks(): PageAttack[] {
  return [
    { name: 'unclosed <input tags', html: fill('<input '), posts: null },
    { name: 'one tag, 90,000 attributes', html: fill(' a', '<input', '>'), posts: null },
    { name: 'unclosed comments', html: fill('<!--'), posts: null },
    { name: 'script escapes (<!--<script>)', html: fill('<!--<script>', '<script>'), posts: null },
    { name: 'forms in forms', html: fill(FORM('https://a.example/').replace('</form>', '')), posts: 'https://a.example/' },
    { name: '<div> nested 100,000 deep before the form', html: fill('<div>', '', FORM('https://a.example/')), posts: 'https://a.example/' },
    { name: 'misnested formatting elements (adoption agency)', html: fill('<b><i></b></i>', '', FORM('https://a.example/')), posts: 'https://a.example/' },
    { name: 'unclosed tables', html: fill('<table><tr><td>', '', FORM('https://a.example/')), posts: 'https://a.example/' },
  ];
}
