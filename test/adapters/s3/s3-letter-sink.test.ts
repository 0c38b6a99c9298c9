// The S3 sink against a small in-process S3 stand-in (PutObject and the multipart calls), driven by the real
// S3 client and lib-storage Upload over HTTP on the loopback address.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3LetterSink } from '../../../functions/adapters/s3/s3-letter-sink';

const objects = new Map<string, { body: Buffer; contentType?: string }>();
const uploads = new Map<string, { key: string; contentType?: string; parts: Map<number, Buffer> }>();
const calls: string[] = [];
let server: Server;
let endpoint: string;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  if (!String(req.headers['content-encoding'] ?? '').includes('aws-chunked')) return raw;
  // aws-chunked: <hex size>[;ext]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, eol).toString().split(';')[0]!, 16);
    if (!size) break;
    out.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const key = decodeURIComponent(url.pathname.slice(1)); // bucket/key (path style)
    const body = await bodyOf(req);
    const type = req.headers['content-type'];
    if (req.method === 'POST' && url.searchParams.has('uploads')) {
      calls.push('create');
      const id = `u${uploads.size + 1}`;
      uploads.set(id, { key, contentType: type, parts: new Map() });
      res.end(`<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>${key}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    } else if (req.method === 'PUT' && url.searchParams.has('partNumber')) {
      calls.push('part');
      uploads.get(url.searchParams.get('uploadId')!)!.parts.set(Number(url.searchParams.get('partNumber')), body);
      res.setHeader('ETag', `"p${url.searchParams.get('partNumber')}"`);
      res.end();
    } else if (req.method === 'POST' && url.searchParams.has('uploadId')) {
      calls.push('complete');
      const up = uploads.get(url.searchParams.get('uploadId')!)!;
      const parts = [...up.parts.entries()].sort((a, b) => a[0] - b[0]).map((p) => p[1]);
      objects.set(up.key, { body: Buffer.concat(parts), contentType: up.contentType });
      res.end(`<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>${up.key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`);
    } else if (req.method === 'PUT') {
      calls.push('put');
      objects.set(key, { body, contentType: type });
      res.setHeader('ETag', '"x"');
      res.end();
    } else {
      res.statusCode = 400;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () =>
  new S3Client({ endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

describe('S3 letter sink', () => {
  it('uploads a small file under <prefix><batch>/<name> with its content type', async () => {
    const sink = new S3LetterSink(client(), 'letters-bucket', { prefix: 'letters/' });
    const file = await sink.open('20261127T080000Z', { name: 'letters.csv', contentType: 'text/csv; charset=utf-8' });
    file.stream.write('\ufeffa;b\r\n');
    file.stream.end('ä;ö\r\n');
    expect(await file.done()).toBe('s3://letters-bucket/letters/20261127T080000Z/letters.csv');
    const stored = objects.get('letters-bucket/letters/20261127T080000Z/letters.csv')!;
    expect(stored.body.toString('utf8')).toBe('\ufeffa;b\r\nä;ö\r\n');
    expect(stored.contentType).toBe('text/csv; charset=utf-8');
  });

  it('streams a big file in parts while it is still being written', async () => {
    calls.length = 0;
    const sink = new S3LetterSink(client(), 'letters-bucket', { partSize: 5 * 1024 * 1024, queueSize: 1 });
    const file = await sink.open('big', { name: 'letters.pdf', contentType: 'application/pdf' });
    const chunk = Buffer.alloc(256 * 1024, 7);
    let partsBeforeEnd = 0;
    for (let i = 0; i < 48; i++) {
      // 12 MiB in all; respect backpressure like the PDF writer does
      if (!file.stream.write(chunk)) await new Promise((r) => file.stream.once('drain', r));
    }
    partsBeforeEnd = calls.filter((c) => c === 'part').length;
    file.stream.end();
    await file.done();
    expect(partsBeforeEnd).toBeGreaterThanOrEqual(1);
    expect(calls.filter((c) => c === 'part')).toHaveLength(3);
    expect(calls.at(-1)).toBe('complete');
    expect(objects.get('letters-bucket/big/letters.pdf')!.body.length).toBe(48 * 256 * 1024);
  });
});
