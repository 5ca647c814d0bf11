// The human side of the diagnosis codes: what went wrong and what an Okta administrator does about it. Kept apart
// from the logic (classify.ts, the checks) so the text can be reviewed and reworded in one place: each code's texts
// in its registry row (codes/, by family), derived into one table (table.ts); whose fault each code is (faults.ts); and
// diagnose(), which makes a judge's finding a Diagnosis (diagnose.ts).
export { diagnose, type DiagnosisFacts, type DiagnosisPlace } from './diagnose';
export { FAULTS, NEVER_PAGES, ownerOf } from './faults';
export { DIAGNOSES } from './table';
export type { DiagnosisText } from './text';
