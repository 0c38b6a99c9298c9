// Reads settings/company.yaml (company-settings.ts has the fields). Apart from the schema so that the Lambda
// bundles, which get the settings as JSON, carry no YAML parser.
import { LineCounter, parseDocument } from 'yaml';
import { ValidationError } from '../errors';
import { COMPANY_SETTINGS_FILE, validateCompanySettings, type CompanySettings } from './company-settings';

export function parseCompanySettings(source: string, file: string = COMPANY_SETTINGS_FILE): CompanySettings {
  const lines = new LineCounter();
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: '', message: `line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}` }));
    throw new ValidationError(issues.map((i) => `${file}: ${i.message}`).join('\n'), issues);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 50 });
  if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ValidationError(`${file}: expected a mapping with name, address, seat, registerCourt, registerNumber, managingDirectors`, [
      { path: '', message: 'expected a mapping' },
    ]);
  }
  return validateCompanySettings(raw, file);
}
