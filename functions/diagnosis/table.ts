// The one table of diagnosis texts: each code's texts as its registry row writes them (codes/), else as the
// families of texts (texts/, one file per family of codes, the format before the rows held them) write them. The
// Record type makes a new code in the contract fail to compile until a family explains it;
// test/functions/diagnosis.test.ts checks that no code is explained by two families.
import type { DiagnosisCode } from '../contract';
import type { DiagnosisText } from './text';
import { APP_TEXTS } from './texts/app';
import { CODES } from './registry';
import { CAPACITY_TRANSPORT_TEXTS } from './texts/capacity-transport';
import { CLIENT_TEXTS } from './texts/client';
import { CONFIGURATION_TEXTS } from './texts/configuration';
import { INTEGRATION_DOMAIN_TEXTS } from './texts/integration-domains';
import { INTEGRATION_TEXTS } from './texts/integrations';
import { INVENTORY_TEXTS } from './texts/inventory';
import { PROVISIONING_TEXTS } from './texts/provisioning';
import { RESOURCE_TEXTS } from './texts/resource';
import { SAML_TEXTS } from './texts/saml';
import { SIGN_IN_TEXTS } from './texts/sign-in';
import { SYSTEM_LOG_TEXTS } from './texts/system-log';
import { USER_SIGN_IN_TEXTS } from './texts/user-sign-ins';
import { TOKEN_TEXTS } from './texts/token';

/** The texts the rows write, whole (title, summary and remedy). */
const IN_ROWS: Partial<Record<DiagnosisCode, DiagnosisText>> = Object.fromEntries(
  Object.entries(CODES).flatMap(([code, { title, summary, remedy }]) =>
    title === undefined || summary === undefined || remedy === undefined ? [] : [[code, { title, summary, remedy }]],
  ),
);

export const DIAGNOSES: Readonly<Record<DiagnosisCode, DiagnosisText>> = {
  ...IN_ROWS,
  ...CONFIGURATION_TEXTS,
  ...CLIENT_TEXTS,
  ...TOKEN_TEXTS,
  ...RESOURCE_TEXTS,
  ...APP_TEXTS,
  ...SIGN_IN_TEXTS,
  ...SAML_TEXTS,
  ...CAPACITY_TRANSPORT_TEXTS,
  ...SYSTEM_LOG_TEXTS,
  ...USER_SIGN_IN_TEXTS,
  ...PROVISIONING_TEXTS,
  ...INTEGRATION_TEXTS,
  ...INTEGRATION_DOMAIN_TEXTS,
  ...INVENTORY_TEXTS,
};
