/**
 * Names of the most common built-in Microsoft sensitive information types, by id. Hunting tables often
 * carry only the SIT GUID; these let a card say "Credit Card Number" instead. Custom and EDM types stay
 * GUIDs (their names live in the tenant, behind a permission the bot does not ask for).
 */
const WELL_KNOWN: Readonly<Record<string, string>> = {
  '50842eb7-edc8-4019-85dd-5a5c1f2bb085': 'Credit Card Number',
  'a44669fe-0d48-453d-a9b1-2cc83f2cba77': 'U.S. Social Security Number (SSN)',
  'cb353f78-2b72-4c3c-8827-92ebe4f69fdf': 'ABA Routing Number',
  'a7dd5e5f-e7f9-4626-a2c6-86a8cb6830d2': 'IP Address v4',
  '1daa4ad5-e2dd-4ca4-a788-54722c09efb2': 'IP Address',
  '50b8b56b-4ef8-44c2-a924-03374f5831ce': 'All Full Names',
  '8548332d-6d71-41f8-97db-cc3b5fa544e6': 'All Physical Addresses',
  'c7bc98e8-551a-4c35-a92d-d2c8cda714a7': 'Azure Storage Account Key',
  'ce1a126d-186f-4700-8c0c-486157b953fd': 'Azure SQL Connection String',
};

/** The display name of a built-in SIT id, if it is one we know. */
export function wellKnownSitName(id: string | undefined): string | undefined {
  return id ? WELL_KNOWN[id.toLowerCase()] : undefined;
}
