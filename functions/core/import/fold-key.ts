// Column names and enumerated values come from spreadsheets typed by people: "E-Mail", "e_mail", "Straße",
// "STRASSE", "Intervall (Tage)". Folding them to one key lets a small alias table match all spellings.

/** Lower case, accents removed (ä -> a, ß -> ss), everything but letters and digits dropped. */
export function foldKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]/gu, '');
}
