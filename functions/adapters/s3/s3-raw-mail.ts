// Raw inbound mails as SES receiving stores them: s3://<bucket>/<prefix><SES message id>. A mail over the size limit
// is not downloaded at all: its size is known from the response before the body is read.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

export type RawMail = { bytes: Buffer } | { tooLarge: number };

export class S3RawMail {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly maxBytes: number,
  ) {}

  async read(sesMessageId: string): Promise<RawMail> {
    // the id comes from the SES event; it is a key under our prefix, never a path of the caller's choosing
    if (!/^[A-Za-z0-9._-]{1,256}$/.test(sesMessageId)) throw new Error('the SES message id is not a plain object key');
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${sesMessageId}` }));
    const body = out.Body as Readable | undefined;
    const size = out.ContentLength ?? 0;
    if (size > this.maxBytes) {
      body?.destroy();
      return { tooLarge: size };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body ?? []) {
      total += (chunk as Buffer).length;
      if (total > this.maxBytes) {
        body?.destroy();
        return { tooLarge: total };
      }
      chunks.push(chunk as Buffer);
    }
    return { bytes: Buffer.concat(chunks, total) };
  }
}
