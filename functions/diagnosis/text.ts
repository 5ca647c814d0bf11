// The shape of a diagnosis code's human side, written in each code's registry row (codes/) and derived into the
// table (table.ts).

export interface DiagnosisText {
  /** A few words, for a dashboard cell or an alarm name suffix. */
  readonly title: string;
  /** One line: the cause. */
  readonly summary: string;
  /** What to do, in the Admin Console's own words. */
  readonly remedy: string;
}

/** Where support starts for anything on Okta's side. */
export const SUPPORT =
  'Check https://status.okta.com, then open a case with Okta Support quoting the X-Okta-Request-Id and the time (UTC).';
