// Letter batches in S3: s3://<bucket>/<prefix><batch id>/<file>. Each file is streamed with a multipart upload
// (lib-storage Upload), so a big PDF passes through in parts of a few megabytes and is never held whole.
import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { LetterFile, LetterSink } from '../../core/ports';

export interface S3LetterSinkOptions {
  /** Key prefix, e.g. "letters/". */
  prefix?: string;
  /** Parts uploaded at once (memory: partSize x queueSize). */
  queueSize?: number;
  /** Bytes per part; S3 needs at least 5 MiB. */
  partSize?: number;
}

export class S3LetterSink implements LetterSink {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly options: S3LetterSinkOptions = {},
  ) {}

  async open(batchId: string, file: LetterFile) {
    const key = `${this.options.prefix ?? ''}${batchId}/${file.name}`;
    const body = new PassThrough({ highWaterMark: 1024 * 1024 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: file.contentType },
      queueSize: this.options.queueSize ?? 2,
      partSize: this.options.partSize ?? 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    // started now, so the upload drains the stream while the letters are drawn
    const uploaded = upload.done().then(() => `s3://${this.bucket}/${key}`);
    // a failed upload must not leave the writer waiting for 'drain' forever
    uploaded.catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
    return { stream: body, done: () => uploaded };
  }
}
