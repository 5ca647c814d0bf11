// Provisioning health, the pure core: whether Okta can still create, update and deactivate accounts in each app it
// provisions to, and the leavers who may keep an account. Nothing here fetches, stores or prints: the caller reads
// the System Log and the app listing, keeps the ledger, and reports. The one way in:
//
//   const hash = userHasher(key);                              // the caller's key: where it lives is the caller's
//   const reads = page.map((raw) => readProvisioningEvent(raw, hash));   // never throws; skips are counted
//   const events = reads.filter((r) => !isSkipped(r));
//   const apps = listing.map(readProvisioningApp).filter(...); // features filtered to Okta's enum
//   const kept = readLedger(stored, now);                      // hostile input: { damaged } fails closed
//   const ledger = applyEvents(kept, events, apps, now);       // idempotent: the same window twice counts once
//   const judgement = judgeProvisioning({ events, apps, ledger, now, window });
//   const findings = provisioningFindings(judgement);          // PROVISIONING_* codes, app and counts only
//   acknowledge(ledger, appId, before)                         // an admin's fix by hand (the CLI)
//
// No login, user id, name or Okta reason text survives a read: users are keyed hashes, reasons their class.
export { readConnection, readProvisioningApp, type ApplicationFeature, type ProvisioningApp } from './app-features';
export {
  isSkipped,
  readProvisioningEvent,
  userHasher,
  type ProvisioningAction,
  type ProvisioningEvent,
  type SkipReason,
  type Skipped,
} from './events';
export { CAUSE_CODES, provisioningFindings } from './findings';
export {
  judgeProvisioning,
  type AppJudgement,
  type AppLeaverCounts,
  type AppVerdict,
  type JudgeInput,
  type ProvisioningJudgement,
} from './judge';
export {
  acknowledge,
  applyEvents,
  emptyLedger,
  type ClosedLeaver,
  type LeaverKind,
  type LeaverLedger,
  type OpenLeaver,
  type RetryingLeaver,
} from './ledger';
export { readLedger, type LedgerDamaged } from './ledger-bounds';
export type { ReasonClass } from './reason';
