// Reads settings/company.yaml (core/company/company-settings.ts has its fields) for the composition roots that
// have the project at hand: the CLI, the local stack and the bundling step (which writes it beside the Lambda
// bundles as JSON, company-settings-json.ts, so the functions carry no YAML parser).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPANY_SETTINGS_FILE, type CompanySettings } from '../../core/company/company-settings';
import { parseCompanySettings } from '../../core/company/parse-company-settings';
import { ValidationError } from '../../core/errors';

/** `<root>/settings/company.yaml`, parsed and validated; every problem names the file and the field. */
export function readCompanySettingsFile(root: string): CompanySettings {
  let source: string;
  try {
    source = readFileSync(join(root, COMPANY_SETTINGS_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    throw new ValidationError(
      `${COMPANY_SETTINGS_FILE} is missing: every mail and letter needs the company's particulars (name, address, seat, register court and number, managing directors); see docs/templates.md`,
      [{ path: COMPANY_SETTINGS_FILE, message: 'missing' }],
    );
  }
  return parseCompanySettings(source, COMPANY_SETTINGS_FILE);
}
