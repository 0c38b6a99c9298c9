// Spreadsheet formula injection (OWASP "CSV injection"): Excel, LibreOffice and Google Sheets run a cell that
// begins with = + - or @ as a formula (=HYPERLINK(...) and friends), and a leading tab or CR can hide such a
// start. Every CSV the product writes for people (the letter merge file, the import rejects file, the coverage
// CSV) passes each text cell through defuseCsvCell, which prefixes a single quote as OWASP recommends. The cost
// is a visible ' before values such as a phone number "+49 89 ..." or "-5"; the ledger itself keeps the values
// as they came.
//
// A rejects file is meant to be fixed and imported again, so the importer undoes the prefix there
// (restoreCsvCell). For that to give back exactly what was written, a value that already starts with quotes
// before one of those characters ("'=x") gets one more quote too.

const NEEDS_QUOTE = /^'*[=+\-@\t\r]/;
const QUOTED = /^'+[=+\-@\t\r]/;

/** The cell as a spreadsheet shows it as text: a leading ' when it would otherwise start a formula. */
export function defuseCsvCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value;
}

/** The inverse of defuseCsvCell, for our own files read back in: restoreCsvCell(defuseCsvCell(v)) === v. */
export function restoreCsvCell(cell: string): string {
  return QUOTED.test(cell) ? cell.slice(1) : cell;
}
