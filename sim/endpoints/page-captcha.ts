// Okta's bot protection on the hosted page, as a browser meets it: the identify form carries captchaVerify (the
// widget's identify-with-password-with-hcaptcha.json) and the widget loads the vendor's script, renders it invisible
// and executes it at the submit. Okta's CAPTCHA reference (okta-developer-docs reference/api/captchas): both vendors
// "run risk-analysis software in the background" and show a challenge only when their analysis asks for one. The
// simulator plays the vendor (hCaptcha's script API, on its second origin: the widget's `hcaptcha.scriptSource`
// setting, src/models/Settings.ts in Gen2 and CaptchaContainer.tsx in Gen3, as Okta's page names hCaptcha's own):
// its analysis passes the page user with a token the IDX API accepts, or ('challenge') shows its challenge frame
// (hcaptcha.html#frame=challenge, hCaptcha's) and never answers, as a real challenge waits for a person.

/** The token the simulated vendor gives, the one the simulated IDX API accepts as a solved CAPTCHA. */
const SIM_CAPTCHA_TOKEN = 'P1_sim-hcaptcha-passed';

/** The vendor's script (invisible, or asking a challenge) and its challenge frame, on the simulator's second origin. */
export const CAPTCHA_VENDOR_PATH = /^\/hcaptcha\/(1\/api\.js|1\/challenge\/api\.js|hcaptcha\.html)$/;

/** Whether a captchaVerify the widget sent carries the simulated vendor's token (its shape differs by generation). */
export function captchaSolved(captchaVerify: unknown): boolean {
  if (captchaVerify === SIM_CAPTCHA_TOKEN) return true;
  if (typeof captchaVerify !== 'object' || captchaVerify === null) return false;
  return (captchaVerify as Record<string, unknown>).captchaToken === SIM_CAPTCHA_TOKEN;
}

/** What the page adds for the vendor: the widget's setting naming its script, and the CSP allowing its origin. */
export function captchaPage(
  origin: string,
  other: string,
  challenge: boolean,
): { readonly config: object; readonly csp: string[] } {
  return {
    config: { hcaptcha: { scriptSource: `${other}/hcaptcha/1/${challenge ? 'challenge/' : ''}api.js` } },
    // Okta's CSP allows its CAPTCHA vendor's origin (help.okta.com customizations-configure-csp).
    csp: [
      `script-src 'unsafe-inline' 'unsafe-eval' 'self' 'report-sample' ${origin} ${other}`,
      `frame-src 'self' ${other}`,
    ],
  };
}

/** The vendor's script, or its challenge frame. */
export function captchaVendor(path: string): { readonly type: string; readonly body: string } {
  if (path.endsWith('.html'))
    return {
      type: 'text/html;charset=utf-8',
      body: '<!DOCTYPE html><html><body><p>Select every image with a bicycle</p><button>Verify</button></body></html>',
    };
  return { type: 'application/javascript', body: vendorScript(path.includes('/challenge/')) };
}

/**
 * hCaptcha's script API as the widget calls it (render, execute, reset, remove, getResponse, getRespKey): execute
 * answers the render's callback with the token, or shows the challenge frame over the page and answers nothing.
 */
function vendorScript(challenge: boolean): string {
  return `(function () {
  var script = document.currentScript;
  var onload = script ? new URL(script.src).searchParams.get('onload') : null;
  var frameUrl = script ? new URL('/hcaptcha/hcaptcha.html#frame=challenge', script.src).toString() : '';
  var widgets = [];
  var pick = function (id) { return widgets[id === undefined || id === null ? widgets.length - 1 : Number(id)]; };
  var solve = function (w) {
    if (${String(challenge)}) {
      var frame = document.createElement('iframe');
      frame.src = frameUrl;
      frame.title = 'Main content of the hCaptcha challenge';
      frame.style.cssText = 'position:fixed;left:50%;top:50%;width:400px;height:580px;margin:-290px 0 0 -200px;' +
        'border:0;z-index:2000000000;background:#fff';
      document.body.appendChild(frame);
      return false;
    }
    w.response = ${JSON.stringify(SIM_CAPTCHA_TOKEN)};
    return true;
  };
  window.hcaptcha = {
    render: function (container, params) {
      widgets.push({ params: params || {}, response: '' });
      return String(widgets.length - 1);
    },
    execute: function (id, opts) {
      var w = pick(id);
      if (w === undefined) return undefined;
      if (opts && opts.async) return new Promise(function (resolve) {
        if (solve(w)) resolve({ response: w.response, key: '' });
      });
      if (!solve(w)) return undefined;
      setTimeout(function () {
        var callback = w.params.callback;
        if (typeof callback === 'string') callback = window[callback];
        if (typeof callback === 'function') callback(w.response);
      }, 50);
      return undefined;
    },
    reset: function (id) { var w = pick(id); if (w !== undefined) w.response = ''; },
    remove: function () {},
    close: function () {},
    setData: function () {},
    getResponse: function (id) { var w = pick(id); return w === undefined ? '' : w.response; },
    getRespKey: function () { return ''; }
  };
  if (onload && typeof window[onload] === 'function') window[onload]();
})();
`;
}
