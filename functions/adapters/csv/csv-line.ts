// One record of a CSV file written for people (the letter merge file, the import rejects file): every cell
// defused against formula injection (core/csv-cell.ts), CRLF after the record, and quotes around a value
// holding the delimiter, a quote, a line break of either kind (a bare \n too, or a spreadsheet would start a
// new row there) or leading/trailing white space (which spreadsheets would trim).
import { stringify } from 'csv-stringify/sync';
import { defuseCsvCell } from '../../core/csv-cell';

export function csvLine(cells: readonly string[], delimiter: string): string {
  return stringify([cells.map(defuseCsvCell)], { delimiter, record_delimiter: '\r\n', eof: true, quoted_match: /[\r\n]|^\s|\s$/ });
}
