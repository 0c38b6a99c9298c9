// Handler for SES bounce and complaint events (configuration set -> EventBridge rule on source aws.ses,
// detail-type "Email Bounced" / "Email Complaint Received"). An error makes EventBridge retry the event;
// applying it again is harmless (suppression is a conditional create).
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { applySesEvent, type SesEventResult } from '../core/sending/apply-ses-event';
import type { Clock, Ledger, Logger } from '../core/ports';

export type SesEventDeps = Parameters<typeof applySesEvent>[0];

export function createSesEventsHandler(deps: SesEventDeps) {
  return middy<EventBridgeEvent<string, unknown>, SesEventResult>().handler(async (event) => applySesEvent(deps, event));
}
