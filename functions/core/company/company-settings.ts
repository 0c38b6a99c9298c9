// The checks of settings/company.yaml (company.ts has its fields): every problem names the file and the field. Run
// where the file is read (the CLI, the local stack) and when the Lambda bundles are built, which get the checked
// settings as JSON (infra/build-company-settings.ts), so no function carries the schema library.
import * as z from 'zod';
import { ValidationError } from '../errors';
import { COMPANY_SETTINGS_FILE, type CompanySettings } from './company';

export { COMPANY_SETTINGS_FILE, returnAddressOf, type CompanySettings } from './company';

const text = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `expected ${what} as text`) })
    .trim()
    .min(1, `write ${what}`)
    // one line each: the values go into mail footers, window lines and PDF lines
    .refine((v) => !/[\r\n]/.test(v), 'must be one line');

export const companySettingsSchema: z.ZodType<CompanySettings> = z.strictObject({
  /** Name with legal form: "Beispiel Maschinenbau GmbH". */
  name: text('the company name with its legal form'),
  address: z.strictObject({
    street: text('the street and number'),
    postalCode: text('the postal code'),
    city: text('the city'),
    /** ISO 3166 alpha-2. */
    country: z
      .string({ error: () => 'is required' })
      .trim()
      .regex(/^[A-Z]{2}$/, 'use a two-letter country code like DE'),
  }),
  /** Sitz der Gesellschaft. */
  seat: text('the registered seat (Sitz der Gesellschaft)'),
  /** Registergericht: "Amtsgericht Berlin-Charlottenburg". */
  registerCourt: text('the register court (Registergericht)'),
  /** "HRB 123456 B". */
  registerNumber: text('the register number (e.g. HRB 123456)'),
  /** Geschäftsführer: at least one name. */
  managingDirectors: z.array(text('a managing director\'s name'), { error: () => 'list the managing directors' }).min(1, 'name at least one managing director'),
  /** USt-IdNr. */
  vatId: text('the VAT id (USt-IdNr.)').optional(),
  /**
   * The letters' return line, printed small above the recipient in the window. Without it: name · street ·
   * postal code city.
   */
  letterReturnAddress: text('the return address').optional(),
});


/** `address.postalCode`, `managingDirectors[1]`. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/** Validates what a settings file holds; every problem names `file` and the field. */
export function validateCompanySettings(raw: unknown, file: string = COMPANY_SETTINGS_FILE): CompanySettings {
  const parsed = companySettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues: Array<{ path: string; message: string }> = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: pathOf([...issue.path, key]), message: 'unknown field; remove it or check the spelling' });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      issues.push({ path: pathOf(issue.path), message: 'is required' });
    } else {
      issues.push({ path: pathOf(issue.path), message: issue.message });
    }
  }
  throw new ValidationError(issues.map((i) => `${file}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'), issues);
}
