// Small text helpers shared by the report formats.

/** 0.8333 -> "83.3 %" (one decimal: a rep with 600 contacts moves by 0.17 % per contact). */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** The date part of an ISO time, or a dash for "never". */
export function dayOf(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '-';
}

/**
 * Names come from imported spreadsheets: control characters (newlines, terminal escape sequences) are
 * replaced so one row stays one line and cannot repaint the terminal.
 */
export function plain(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}
