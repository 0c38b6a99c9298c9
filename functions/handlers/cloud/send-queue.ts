// The cloud's ApprovalSink: approved drafts go on the send queue (SEND_QUEUE_URL); its consumer, send-approved,
// sends at the account's rate.
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsApprovalSink } from '../../adapters/sqs/sqs-approval-sink';
import type { ApprovalSink } from '../../core/ports';
import { requireEnv } from '../cloud-runtime';

let sink: ApprovalSink | undefined;

export function cloudApprovalSink(): ApprovalSink {
  sink ??= new SqsApprovalSink(new SQSClient({}), requireEnv('SEND_QUEUE_URL'));
  return sink;
}
