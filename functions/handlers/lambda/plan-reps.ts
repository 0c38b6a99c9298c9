// Lambda entry of plan-reps, the worker of the campaign-slot state machine: one unit (a writer and the reps it drafts
// for) planned page by page, then the writer's digest. Its ports from the AWS composition root (built at INIT); the
// campaigns and templates from the build-time manifest and precompiled templates beside the bundle.
import { ManifestAssets } from '../../adapters/templates/manifest-assets';
import { assetsDir, clock, config, logger, mailer, secretsWhenNeeded, slotWorkLedger } from '../aws/compose';
import { createPlanRepsHandler } from '../plan-reps';

export const handler = createPlanRepsHandler({ ledger: slotWorkLedger, mailer, clock, logger, config, secrets: secretsWhenNeeded }, new ManifestAssets(assetsDir));
