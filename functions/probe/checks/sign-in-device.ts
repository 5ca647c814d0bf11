// device-assurance, the journey's second check beside password-expiry: Identity Engine's device assurance grace
// period, which lets the user in (the IDX answer device-assurance-grace-period, read by sign-in-idx-denials.ts) and
// denies it once the grace ends. Pure: it reads the journey's run.
import type { SignInRun } from './sign-in';
import { fail, failedStep, judged, notApplicable, pass, skip, type Judged } from './verdict';

/**
 * device-assurance: a device assurance grace period Okta let the user through (the IDX answer
 * device-assurance-grace-period), a warning that says when it ends, never a page while the journey passes. Skipped
 * when the journey did not sign in: its own diagnosis says why (a denial after the grace is DEVICE_ASSURANCE_DENIED).
 */
export function judgeDeviceGrace(run: SignInRun): Judged {
  const j = run.judgement;
  if ('notRun' in j) return judged(j.notRun === 'n/a' ? notApplicable(j.reason) : skip(failedStep('sign-in', run)));
  if (j.diagnosis !== null) return judged(skip(failedStep('sign-in', run)));
  const until = j.observed?.deviceGraceUntil;
  if (typeof until !== 'string') return judged(pass({ deviceGraceUntil: null }));
  const asks = j.observed?.deviceGraceAsks;
  const detail = `Okta let the user in for a device assurance grace period that ends ${until}${typeof asks === 'string' && asks !== '' ? `; the policy asks: ${asks}` : ''}`;
  return judged(fail('DEVICE_ASSURANCE_GRACE', detail, { deviceGraceUntil: until }));
}
