// No SQS emulator runs here; the client is replaced by a recorder with the same send() shape.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { parseSendQueueMessage, SqsApprovalSink } from '../../../functions/adapters/sqs/sqs-approval-sink';

function recorder(failFirst: (entryId: string, call: number) => boolean = () => false) {
  const calls: Array<{ QueueUrl?: string; Entries: Array<{ Id?: string; MessageBody?: string; DelaySeconds?: number }> }> = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      const input = command.input as (typeof calls)[number];
      calls.push(structuredClone(input));
      const failed = input.Entries.filter((e) => failFirst(e.Id!, calls.length));
      return { Successful: [], Failed: failed.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) };
    },
  } as unknown as SQSClient;
  return { client, calls };
}

describe('SqsApprovalSink', () => {
  it('puts one { draftId } message per distinct draft, ten per request', async () => {
    const { client, calls } = recorder();
    const ids = Array.from({ length: 23 }, (_, i) => `crisis@20261127T0800Z~c-${i}`);
    await new SqsApprovalSink(client, 'https://sqs.example/q').onApproved([...ids, ids[0]!]);
    expect(calls.map((c) => c.Entries.length)).toEqual([10, 10, 3]);
    expect(calls[0]!.QueueUrl).toBe('https://sqs.example/q');
    const bodies = calls.flatMap((c) => c.Entries.map((e) => parseSendQueueMessage(e.MessageBody!)!.draftId));
    expect(bodies).toEqual(ids);
  });

  it('sends failed entries again, and gives up loudly', async () => {
    const retried = recorder((id, call) => call === 1 && id === '1');
    await new SqsApprovalSink(retried.client, 'q').onApproved(['a', 'b', 'c']);
    expect(retried.calls.map((c) => c.Entries.map((e) => e.Id))).toEqual([['0', '1', '2'], ['1']]);

    const broken = recorder(() => true);
    await expect(new SqsApprovalSink(broken.client, 'q', { attempts: 2 }).onApproved(['a'])).rejects.toThrow(/refused 1/);
    expect(broken.calls).toHaveLength(2);
  });

  it('delays each message by the approval grace period, at most the 900 seconds SQS allows', async () => {
    const graced = recorder();
    await new SqsApprovalSink(graced.client, 'q', { delaySeconds: 120 }).onApproved(['a', 'b']);
    expect(graced.calls[0]!.Entries.map((e) => e.DelaySeconds)).toEqual([120, 120]);

    const long = recorder();
    await new SqsApprovalSink(long.client, 'q', { delaySeconds: 3600 }).onApproved(['a']);
    expect(long.calls[0]!.Entries[0]!.DelaySeconds).toBe(900);

    const none = recorder();
    await new SqsApprovalSink(none.client, 'q').onApproved(['a']);
    expect(none.calls[0]!.Entries[0]).not.toHaveProperty('DelaySeconds');
  });

  it('parses only well-formed message bodies', () => {
    expect(parseSendQueueMessage('{"draftId":"x@20261127T0800Z~c-1"}')).toEqual({ draftId: 'x@20261127T0800Z~c-1' });
    for (const bad of ['', 'nope', '{}', '{"draftId":3}', '{"draftId":""}', 'null']) expect(parseSendQueueMessage(bad)).toBeUndefined();
  });
});
