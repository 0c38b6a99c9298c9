// SES bounce and complaint events in the shape EventBridge delivers them (configuration-set event destination).

/** As EventBridge delivers it from a configuration set's event destination. */
export function bounceEvent(address: string, bounceType = 'Permanent') {
  return {
    version: '0',
    id: 'c3d4e5f6-a7b8-9012-cdef-123456789012',
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-11-27T10:30:02Z',
    region: 'eu-central-1',
    resources: [],
    detail: {
      eventType: 'Bounce',
      mail: { timestamp: '2026-11-27T10:30:00.000Z', source: 'updates@presence.example', messageId: 'm-1', destination: [address] },
      bounce: {
        bounceType,
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: '2026-11-27T10:30:02.000Z',
        feedbackId: 'f-1',
      },
    },
  };
}

export function complaintEvent(address: string) {
  return {
    version: '0',
    id: 'd4e5f6a7-b8c9-0123-def0-234567890123',
    'detail-type': 'Email Complaint Received',
    source: 'aws.ses',
    account: '123456789012',
    time: '2026-11-27T11:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail: {
      eventType: 'Complaint',
      mail: { timestamp: '2026-11-27T10:30:00.000Z', source: 'updates@presence.example', messageId: 'm-2', destination: [address] },
      complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: 'abuse', timestamp: '2026-11-27T11:00:00.000Z', feedbackId: 'f-2' },
    },
  };
}
