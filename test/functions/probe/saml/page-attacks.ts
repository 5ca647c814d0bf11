// Hostile SSO pages, each near the page cap where size is what makes it costly, or shaped where a browser's form rules
// and a naive reader part: the corpus the page reader's test holds (page-attacks.test.ts: where each one's form posts,
// as a browser decides) and the benchmark times (scripts/bench/saml-attacks.ts).
import { MAX_PAGE_DEPTH, MAX_SSO_PAGE_BYTES } from '../../../../functions/probe/saml/page';

export interface PageAttack {
  readonly name: string;
  readonly html: string;
  /** The action the browser would post the first form to, resolved; null: no form with a SAMLResponse is read. */
  readonly posts: string | null;
}

const ROOM = MAX_SSO_PAGE_BYTES - 2048;
const fill = (unit: string, head = '', tail = ''): string =>
  `${head}${unit.repeat(Math.floor((ROOM - head.length - tail.length) / unit.length))}${tail}`;
const FORM = (action: string): string =>
  `<form action="${action}" method="POST"><input type="hidden" name="SAMLResponse" value="UQ=="></form>`;
export const ATTACK_PAGE_URL = 'https://acme.okta.com/app/acme_app_1/exk1/sso/saml';
const ACS = 'https://acs.example/saml';
const EVIL = 'https://evil.example/saml';

export function pageAttacks(): PageAttack[] {
  return [
    { name: 'unclosed <input tags', html: fill('<input '), posts: null },
    { name: 'one tag, 90,000 attributes', html: fill(' a', '<input', '>'), posts: null },
    { name: 'unclosed comments', html: fill('<!--'), posts: null },
    { name: 'script escapes (<!--<script>)', html: fill('<!--<script>', '<script>'), posts: null },
    {
      name: 'forms in forms',
      html: fill(FORM('https://a.example/').replace('</form>', '')),
      posts: 'https://a.example/',
    },
    {
      name: '<div> nested 100,000 deep before the form (refused)',
      html: fill('<div>', '', FORM('https://a.example/')),
      posts: null,
    },
    {
      name: 'misnested formatting elements (adoption agency)',
      html: fill('<b><i></b></i>', '', FORM('https://a.example/')),
      posts: 'https://a.example/',
    },
    {
      name: 'unclosed tables (refused: nested past the bound)',
      html: fill('<table><tr><td>', '', FORM('https://a.example/')),
      posts: null,
    },
    {
      name: `elements nested past ${MAX_PAGE_DEPTH} deep (refused)`,
      html: `${'<div>'.repeat(MAX_PAGE_DEPTH + 10)}${FORM('https://a.example/')}`,
      posts: null,
    },
    // The browser's form rules.
    {
      name: 'a form inside <svg> before the real one',
      html: `<svg><form action="${EVIL}"><input name="SAMLResponse" value="UQ=="></form></svg>${FORM(ACS)}`,
      posts: ACS,
    },
    {
      name: 'a form inside <math> before the real one',
      html: `<math><form action="${EVIL}"><input name="SAMLResponse" value="UQ=="></form></math>${FORM(ACS)}`,
      posts: ACS,
    },
    {
      name: 'a form inside <template> before the real one',
      html: `<template>${FORM(EVIL)}</template>${FORM(ACS)}`,
      posts: ACS,
    },
    {
      name: 'a form inside <noscript> before the real one (scripting on)',
      html: `<noscript>${FORM(EVIL)}</noscript>${FORM(ACS)}`,
      posts: ACS,
    },
    {
      name: 'an absolute <base href> and a relative action',
      html: `<head><base href="https://evil.example/"></head>${FORM('/acs')}`,
      posts: 'https://evil.example/acs',
    },
    {
      name: 'a relative <base href> and a relative action',
      html: `<base href="/other/">${FORM('acs')}`,
      posts: 'https://acme.okta.com/other/acs',
    },
    {
      name: 'a <base> after the form still sets the base',
      html: `${FORM('acs')}<base href="https://evil.example/x/">`,
      posts: 'https://evil.example/x/acs',
    },
    {
      name: 'only the first <base href> counts',
      html: `<base target="_self"><base href="https://first.example/"><base href="https://second.example/">${FORM('acs')}`,
      posts: 'https://first.example/acs',
    },
    {
      name: 'a javascript: <base> leaves the page URL',
      html: `<base href="javascript:alert(1)//">${FORM('acs')}`,
      posts: 'https://acme.okta.com/app/acme_app_1/exk1/sso/acs',
    },
    {
      name: 'a <base> inside <svg> is not the base',
      html: `<svg><base href="https://evil.example/"></base></svg>${FORM('acs')}`,
      posts: 'https://acme.okta.com/app/acme_app_1/exk1/sso/acs',
    },
    { name: 'an empty action posts to the page itself', html: FORM(''), posts: ATTACK_PAGE_URL },
    {
      name: 'a SAMLResponse owned by the first form through its form attribute',
      html:
        `<form id="f" action="${ACS}" method="POST"></form><input form="f" type="hidden" name="SAMLResponse" ` +
        `value="UQ==">`,
      posts: ACS,
    },
    {
      name: 'a SAMLResponse inside the form but owned by another',
      html:
        `<form action="${ACS}" method="POST"><input form="g" name="SAMLResponse" value="UQ=="></form><form ` +
        `id="g" action="${EVIL}"></form>`,
      posts: null,
    },
    {
      name: 'a form attribute naming an element that is not a form',
      html:
        `<div id="d"></div><form action="${ACS}" method="POST"><input form="d" name="SAMLResponse" ` +
        `value="UQ=="></form>`,
      posts: null,
    },
    {
      name: 'a SAMLResponse in a disabled fieldset',
      html:
        `<form action="${ACS}" method="POST"><fieldset disabled><input name="SAMLResponse" ` +
        `value="UQ=="></fieldset></form>`,
      posts: null,
    },
    {
      name: "a SAMLResponse in a disabled fieldset's first legend",
      html:
        `<form action="${ACS}" method="POST"><fieldset disabled><legend><input name="SAMLResponse" ` +
        `value="UQ=="></legend></fieldset></form>`,
      posts: ACS,
    },
    {
      name: 'a control after </form> inside a table cell keeps its form (the form element pointer)',
      html:
        `<table><form action="${ACS}" method="POST"><tr><td><input name="SAMLResponse" ` +
        `value="UQ=="></td></tr></form></table>`,
      posts: ACS,
    },
  ];
}
