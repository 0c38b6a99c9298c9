// The units of a campaign slot as the campaign-slot state machine carries them between plan-campaign (which lists
// them) and plan-reps (which plans one and returns the continuation). Kept small: a Step Functions state holds at
// most 256 KiB, and the list of 2,000 writers' units is one state.
import type { SlotWork } from '../core/campaigns/slot';

/** A unit as the state machine carries it: `reps` left out means the writer alone (keeps 2,000 units small). */
export interface UnitOnTheWire {
  runAt: string;
  writer: string;
  reps?: string[];
  remaining?: string[];
  cursors?: Record<string, string>;
}

/** The worker's input: the slot's campaign and due time (from the list plan-campaign made) and one unit. */
export interface PlanRepsEvent {
  campaignId: string;
  dueBy: string;
  unit: UnitOnTheWire;
}

export interface PlanRepsResult extends PlanRepsEvent {
  /** false: `unit` is the continuation, to be planned by the next invocation. */
  done: boolean;
  drafted: number;
  needsFix: number;
  digestsSent: number;
}

/** The unit in the slot's own terms. */
export function slotWorkOf(event: PlanRepsEvent): SlotWork {
  const { unit } = event;
  return {
    campaignId: event.campaignId,
    runAt: unit.runAt,
    dueBy: event.dueBy,
    writer: unit.writer,
    reps: unit.reps ?? [unit.writer],
    ...(unit.remaining ? { remaining: unit.remaining } : {}),
    ...(unit.cursors ? { cursors: unit.cursors } : {}),
  };
}

/** A unit back on the wire: the writer alone is left implicit. */
export function unitOnTheWire(work: SlotWork): UnitOnTheWire {
  const alone = work.reps.length === 1 && work.reps[0] === work.writer;
  return {
    runAt: work.runAt,
    writer: work.writer,
    ...(alone ? {} : { reps: work.reps }),
    ...(work.remaining ? { remaining: work.remaining } : {}),
    ...(work.cursors ? { cursors: work.cursors } : {}),
  };
}

/** What plan-campaign hands the state machine: the units of one event (a slot, or the shifted runs of a day). */
export interface SlotUnits {
  campaignId: string;
  /** Contacts due by this moment are planned (the slot's time, or the day of the shifted runs). */
  dueBy: string;
  runIds: string[];
  units: UnitOnTheWire[];
  /** Reps whose part moved off a public holiday to a later day. */
  deferredReps: number;
  paused?: boolean;
}

/** Step Functions' limit on a state's input or output, in bytes. */
export const STATE_PAYLOAD_MAX = 256 * 1024;
/** What the list may take of it: the rest is kept for the execution's own fields. */
export const UNITS_PAYLOAD_MAX = 240 * 1024;

/** The list, refused with a clear error (not a failed state transition) when it outgrows a state. */
export function checkedSlotUnits(list: SlotUnits): SlotUnits {
  const bytes = Buffer.byteLength(JSON.stringify(list));
  if (bytes > UNITS_PAYLOAD_MAX) {
    throw new Error(
      `the slot's ${list.units.length} units take ${bytes} bytes, more than a Step Functions state holds (${UNITS_PAYLOAD_MAX}); ` +
        'split the campaign by reps (audience.reps) until the list comes from S3 (docs/architecture.md)',
    );
  }
  return list;
}
