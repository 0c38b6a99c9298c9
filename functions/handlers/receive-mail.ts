// Handler for SES receiving: the receipt rule stores each mail in the inbound bucket, then invokes this function
// (asynchronously, so Lambda retries a failure twice and then hands the event to the failure queue). The raw mail is
// read from S3, parsed (hostile input: limits and a deadline, adapters/mail/parse-inbound-mail.ts) and given to the
// core's receiveMail with SES's envelope recipients and SPF/DKIM verdicts. Logged: the outcome's words only.
import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { parseInboundMail } from '../adapters/mail/parse-inbound-mail';
import type { RawMail } from '../adapters/s3/s3-raw-mail';
import { receiveMail, type ReceiveMailDeps, type ReceiveOutcome } from '../core/inbound/receive-mail';
import type { InboundMail } from '../core/inbound/inbound-mail';

export interface ReceiveMailHandlerDeps extends ReceiveMailDeps {
  rawMail: { read(sesMessageId: string): Promise<RawMail> };
}

export function createReceiveMailHandler(deps: ReceiveMailHandlerDeps) {
  return middy<SESEvent, ReceiveOutcome[]>().handler(async (event) => {
    const outcomes: ReceiveOutcome[] = [];
    for (const record of event.Records ?? []) {
      const { mail: sesMail, receipt } = record.ses;
      const raw = await deps.rawMail.read(sesMail.messageId);
      const mail: InboundMail =
        'bytes' in raw
          ? await parseInboundMail(raw.bytes)
          : { readable: false, reason: 'too-large', messageId: `<${sesMail.messageId}@ses.inbound>`, messageIdSource: 'derived', size: raw.tooLarge };
      const result = await receiveMail(deps, {
        mail,
        recipients: receipt.recipients ?? [],
        verdicts: { spf: receipt.spfVerdict?.status, dkim: receipt.dkimVerdict?.status },
      });
      deps.logger.info('inbound mail', { result: result.result, kind: result.kind, reason: result.reason, touches: result.touches, withdrawn: result.withdrawn, forwarded: result.forwarded });
      outcomes.push(result);
    }
    return outcomes;
  });
}
