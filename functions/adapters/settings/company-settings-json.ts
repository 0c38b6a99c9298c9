// The company settings beside a Lambda bundle: settings/company.yaml as JSON, checked with the schema when the
// function was bundled (infra/build-company-settings.ts). Here the fields are only checked for presence, by hand,
// so the functions carry no schema library (test/infra/schema-library.test.ts); a bundle built without the file,
// or with a hand-edited one, fails with a message naming the file or the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPANY_SETTINGS_FILE, type CompanySettings } from '../../core/company/company';

/** File name of the settings beside a bundle. */
export const COMPANY_SETTINGS_JSON = 'presence-company.json';

const REQUIRED = ['name', 'address.street', 'address.postalCode', 'address.city', 'address.country', 'seat', 'registerCourt', 'registerNumber'] as const;
const OPTIONAL = ['vatId', 'letterReturnAddress'] as const;

export function readCompanySettingsJson(dir: string): CompanySettings {
  let source: string;
  try {
    source = readFileSync(join(dir, COMPANY_SETTINGS_JSON), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new Error(`${COMPANY_SETTINGS_JSON} is not beside the bundle in ${dir}; rebuild the bundle (it is written from ${COMPANY_SETTINGS_FILE})`);
  }
  const raw = JSON.parse(source) as Record<string, unknown>;
  const at = (path: string): unknown => path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), raw);
  const wrong = (path: string, what: string) => new Error(`${COMPANY_SETTINGS_JSON}: ${path}: ${what}; rebuild the bundle from ${COMPANY_SETTINGS_FILE}`);
  for (const path of REQUIRED) {
    const v = at(path);
    if (typeof v !== 'string' || v.trim() === '') throw wrong(path, 'is required');
  }
  for (const path of OPTIONAL) if (at(path) !== undefined && typeof at(path) !== 'string') throw wrong(path, 'expected text');
  const directors = raw.managingDirectors;
  if (!Array.isArray(directors) || directors.length === 0 || !directors.every((d) => typeof d === 'string' && d.trim() !== '')) {
    throw wrong('managingDirectors', 'name at least one managing director');
  }
  return raw as unknown as CompanySettings;
}
