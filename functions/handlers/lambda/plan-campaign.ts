// Lambda entry of plan-campaign: its ports from the AWS composition root (built at INIT), its handler factory. The
// campaigns and templates come from the build-time manifest and precompiled templates beside the bundle.
import { ManifestAssets } from '../../adapters/templates/manifest-assets';
import { assetsDir, clock, config, holidays, ledger, logger, mailer, secretsWhenNeeded } from '../aws/compose';
import { createPlanCampaignHandler } from '../plan-campaign';

export const handler = createPlanCampaignHandler({ ledger, mailer, clock, logger, config, secrets: secretsWhenNeeded, holidays }, new ManifestAssets(assetsDir));
