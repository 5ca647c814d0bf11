// The shape of a diagnosis code's human side, shared by the families of texts (texts/) and the table (table.ts).
import type { DiagnosisCode } from '../contract';

export interface DiagnosisText {
  /** A few words, for a dashboard cell or an alarm name suffix. */
  readonly title: string;
  /** One line: the cause. */
  readonly summary: string;
  /** What to do, in the Admin Console's own words. */
  readonly remedy: string;
}

/** The texts of one family of codes (texts/): table.ts assembles them into DIAGNOSES. */
export type DiagnosisTexts = Partial<Record<DiagnosisCode, DiagnosisText>>;

/** Where support starts for anything on Okta's side. */
export const SUPPORT =
  'Check https://status.okta.com, then open a case with Okta Support quoting the X-Okta-Request-Id and the time (UTC).';
