// The table of diagnosis texts, derived from the code registry: each code's title, summary and remedy are written in
// its row (codes/, one file per family), beside what the code means. The registry's Record type makes a code of the
// contract without a row, or a row without its texts, fail to compile.
import type { DiagnosisCode } from '../contract';
import { CODES } from './registry';
import type { DiagnosisText } from './text';

export const DIAGNOSES: Readonly<Record<DiagnosisCode, DiagnosisText>> = Object.fromEntries(
  Object.entries(CODES).map(([code, { title, summary, remedy }]) => [code, { title, summary, remedy }]),
) as Record<DiagnosisCode, DiagnosisText>;
