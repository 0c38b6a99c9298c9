// Lambda entry of plan-campaign, the first step of the campaign-slot state machine: it lists the slot's units (one per
// writer) and plans nothing, so it needs no templates, no mailer and no SES grant. Its ports come from the AWS
// composition root (built at INIT); the campaigns from the build-time manifest beside the bundle.
import { ManifestAssets } from '../../adapters/templates/manifest-assets';
import { assetsDir, clock, config, holidays, ledger, logger } from '../aws/compose';
import { createListSlotUnitsHandler } from '../plan-campaign';

export const handler = createListSlotUnitsHandler({ ledger, clock, logger, config, holidays }, new ManifestAssets(assetsDir));
