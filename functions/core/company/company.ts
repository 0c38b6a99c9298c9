// The company behind every customer mail and letter, configured once in settings/company.yaml: the particulars
// German law asks of business mails and letters (§35a GmbHG, §37a HGB: name with legal form, seat, register court
// and number, managing directors) plus address, VAT id and the letters' return address. The checks of the file are
// in company-settings.ts; this module has no schema library, so the Lambda bundles that read the settings carry none.

/** Where the settings live, relative to the project root. */
export const COMPANY_SETTINGS_FILE = 'settings/company.yaml';

export interface CompanySettings {
  /** Name with legal form: "Beispiel Maschinenbau GmbH". */
  name: string;
  /** country: ISO 3166 alpha-2. */
  address: { street: string; postalCode: string; city: string; country: string };
  /** Sitz der Gesellschaft. */
  seat: string;
  /** Registergericht: "Amtsgericht Hamburg". */
  registerCourt: string;
  /** "HRB 123456". */
  registerNumber: string;
  /** Geschäftsführer: at least one. */
  managingDirectors: string[];
  /** USt-IdNr. */
  vatId?: string | undefined;
  /** The letters' return line; without it: name · street · postal code city. */
  letterReturnAddress?: string | undefined;
}

/** The letters' return line: the configured one, or name · street · postal code city. */
export function returnAddressOf(company: CompanySettings): string {
  const a = company.address;
  return company.letterReturnAddress ?? `${company.name} · ${a.street} · ${a.postalCode} ${a.city}`;
}
