// The legal particulars in a letter's footer (DIN 5008 Fußzeile; §35a GmbHG for business letters): the same
// three lines a mail carries below its signature (templates/partials/legal-footer-*.text.hbs), in the letter's
// language, from settings/company.yaml.
import type { CompanySettings } from '../company/company';
import type { Language } from '../model';

const LABELS = {
  de: { seat: 'Sitz der Gesellschaft', court: 'Registergericht', directors: 'Geschäftsführung', vat: 'USt-IdNr.' },
  en: { seat: 'Registered office', court: 'Register court', directors: 'Managing directors', vat: 'VAT ID' },
} as const;

export function letterFooterLines(company: CompanySettings, language: Language): string[] {
  const t = LABELS[language];
  const a = company.address;
  return [
    `${company.name} · ${a.street} · ${a.postalCode} ${a.city}`,
    `${t.seat}: ${company.seat} · ${t.court}: ${company.registerCourt}, ${company.registerNumber}`,
    `${t.directors}: ${company.managingDirectors.join(', ')}${company.vatId ? ` · ${t.vat}: ${company.vatId}` : ''}`,
  ];
}
