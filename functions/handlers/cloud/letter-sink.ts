// The letters bucket in AWS (LETTERS_BUCKET): merge files and PDFs are written under letters/.
import { S3Client } from '@aws-sdk/client-s3';
import { S3LetterSink } from '../../adapters/s3/s3-letter-sink';
import type { LetterSink } from '../../core/ports';
import { requireEnv } from '../cloud-runtime';

let sink: LetterSink | undefined;

export function cloudLetterSink(): LetterSink {
  sink ??= new S3LetterSink(new S3Client({}), requireEnv('LETTERS_BUCKET'), { prefix: 'letters/' });
  return sink;
}
