// Rebuilds the HTML part of a mail from the plain text a rep edited. The text is escaped, blank lines make
// paragraphs and single line breaks stay line breaks. Nothing else is interpreted: no Markdown, and URLs are not
// turned into links (a link the rep did not see as a link must not appear in the customer's mail).
import { escapeHtml } from '../escape-html';
import { languageOf } from '../model';

const BODY_STYLE = 'margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.55;color:#1f2933;background:#ffffff;';
const PARAGRAPH_STYLE = 'margin:0 0 1em 0;';

export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim() !== '');
}

/** The HTML fragment: one <p> per paragraph, <br> for single line breaks. */
export function textToHtmlFragment(text: string): string {
  return paragraphsOf(text)
    .map((p) => `<p style="${PARAGRAPH_STYLE}">${p.split('\n').map(escapeHtml).join('<br>\n')}</p>`)
    .join('\n');
}

/** A complete, self-contained mail document for the edited words (inline styles only, as mail clients need). */
export function textToHtml(input: { subject: string; text: string; locale: string }): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${languageOf(input.locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.subject)}</title></head>`,
    `<body style="${BODY_STYLE}">`,
    textToHtmlFragment(input.text),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
