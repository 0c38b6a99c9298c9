// DIN 5008 page geometry for window envelopes, in millimetres from the top-left corner of an A4 sheet.
// Form B (the usual one) has a 45 mm letterhead zone; Form A a 27 mm one. Everything a letter prints is placed
// from these numbers, so the PDF, the pre-check and the tests agree on where the window is.

export type LetterForm = 'A' | 'B';
export const LETTER_FORMS: readonly LetterForm[] = ['A', 'B'];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LetterGeometry {
  form: LetterForm;
  page: { width: number; height: number };
  /** Left text edge (DIN 5008: 25 mm) and the right margin (at least 20 mm). */
  marginLeft: number;
  marginRight: number;
  /** The address field that the envelope window shows: 85 x 45 mm, 20 mm from the left edge. */
  addressField: Rect;
  /** The return-address line: small, underlined, in the first 5 mm of the address field. */
  returnLine: { x: number; y: number; size: number; maxWidth: number };
  /**
   * The recipient lines: at most 6, in the address zone (the last 27.3 mm of the field, below the 5 mm return zone
   * and the 12.7 mm note zone). Text starts 5 mm inside the field and may run to the field's right edge.
   */
  address: { x: number; y: number; size: number; lineHeight: number; maxLines: number; maxWidth: number };
  /** The information block to the right of the window: the sender's lines and the date. */
  infoBlock: { x: number; y: number; width: number; size: number; lineHeight: number };
  /** Short marks at the left edge: where to fold (for a DL envelope) and where to punch. */
  foldMarks: readonly number[];
  holeMark: number;
  marks: { x1: number; x2: number; holeX2: number; width: number };
  /** Where the subject line starts on the first page: two blank lines below the address field. */
  subjectY: number;
  body: { size: number; lineHeight: number };
  /** Text stops above this line; the page number sits below it. */
  contentBottom: number;
  /** Where text continues on the second and later pages. */
  nextPageTop: number;
  /**
   * Below contentBottom: the page number (right, at y) and the company's particulars (left, from legalY, at most
   * maxLegalLines lines of width, so they keep clear of the page number).
   */
  footer: { y: number; size: number; legalY: number; legalSize: number; legalLineHeight: number; width: number; maxLegalLines: number };
}

const PAGE = { width: 210, height: 297 } as const;
const PT = 25.4 / 72;

export function geometryOf(form: LetterForm): LetterGeometry {
  const fieldTop = form === 'A' ? 27 : 45;
  const addressField: Rect = { x: 20, y: fieldTop, width: 85, height: 45 };
  const fieldBottom = addressField.y + addressField.height;
  const bodyLine = 12.5 * PT;
  return {
    form,
    page: PAGE,
    marginLeft: 25,
    marginRight: 20,
    addressField,
    returnLine: { x: 25, y: fieldTop + 1.2, size: 7, maxWidth: addressField.x + addressField.width - 25 },
    address: {
      x: 25,
      y: fieldTop + 5 + 12.7,
      size: 10,
      lineHeight: 12 * PT,
      maxLines: 6,
      maxWidth: addressField.x + addressField.width - 25,
    },
    infoBlock: { x: 125, y: form === 'A' ? 32 : 50, width: PAGE.width - 20 - 125, size: 9, lineHeight: 11 * PT },
    foldMarks: form === 'A' ? [87, 192] : [105, 210],
    holeMark: 148.5,
    marks: { x1: 3, x2: 8, holeX2: 10, width: 0.25 },
    subjectY: fieldBottom + 2 * bodyLine,
    body: { size: 10, lineHeight: bodyLine },
    contentBottom: 272,
    nextPageTop: 25,
    footer: { y: 280, size: 8, legalY: 277, legalSize: 7, legalLineHeight: 8.5 * PT, width: PAGE.width - 25 - 20 - 30, maxLegalLines: 5 },
  };
}

/** Millimetres to PDF points (1/72 inch). */
export function mmToPt(mm: number): number {
  return (mm * 72) / 25.4;
}
