// Builds small raw mails for the inbound tests: headers in order, CRLF line ends, a plain text body unless the
// headers say otherwise. Hostile variants (injected CRLF, huge bodies, nested parts) are made by the tests.

export interface RawMailParts {
  headers?: Record<string, string | undefined>;
  body?: string;
}

const DEFAULTS: Record<string, string> = {
  From: 'Anna Müller <anna.mueller@mueller-praezision.example>',
  To: 'Petra Schneider <r-dr0001-7c2e9a@in.presence.example>',
  Subject: 'AW: Neuigkeiten zur Lieferlage',
  Date: 'Tue, 12 Jan 2027 10:04:31 +0100',
  'Message-ID': '<reply-0001@mueller-praezision.example>',
  'MIME-Version': '1.0',
  'Content-Type': 'text/plain; charset="utf-8"',
  'Content-Transfer-Encoding': '8bit',
};

/** A header set to undefined is left out; the defaults fill the rest. */
export function rawMail({ headers = {}, body = 'Danke, passt so.\r\n' }: RawMailParts = {}): Buffer {
  const merged: Record<string, string | undefined> = { ...DEFAULTS, ...headers };
  const lines = Object.entries(merged)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

/** multipart/mixed nested `depth` levels deep, one text part at the bottom. */
export function nestedParts(depth: number): Buffer {
  let body = '';
  for (let i = 0; i < depth; i += 1) body += `--b${i}\r\nContent-Type: multipart/mixed; boundary="b${i + 1}"\r\n\r\n`;
  body += `--b${depth}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b${depth}--\r\n`;
  for (let i = depth - 1; i >= 0; i -= 1) body += `--b${i}--\r\n`;
  return rawMail({ headers: { 'Content-Type': 'multipart/mixed; boundary="b0"' }, body });
}

/** multipart/mixed with `count` sibling parts. */
export function siblingParts(count: number): Buffer {
  let body = '';
  for (let i = 0; i < count; i += 1) body += `--x\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`;
  return rawMail({ headers: { 'Content-Type': 'multipart/mixed; boundary="x"' }, body: `${body}--x--\r\n` });
}
