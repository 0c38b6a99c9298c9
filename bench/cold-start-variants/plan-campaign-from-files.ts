// bench/cold-start's ablation of the planner's manifest and precompiled templates (not deployed): the same handler
// over FileAssets, so its bundle reads campaigns/*.yaml and templates/**/*.hbs beside it and compiles the templates
// in the container, with the YAML parser, the campaign schema and the full Handlebars in the bundle.
import { FileAssets } from '../../functions/adapters/templates/file-assets';
import { assetsDir, clock, config, ledger, logger, mailer } from '../../functions/handlers/aws/compose';
import { createPlanCampaignHandler } from '../../functions/handlers/plan-campaign';

export const handler = createPlanCampaignHandler({ ledger, mailer, clock, logger, config }, new FileAssets(assetsDir));
