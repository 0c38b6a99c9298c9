// Builds the whole presence app: both stacks wired with typed props and the cdk-nag rule packs registered.
// infra/app.ts (the `cdk` entry) and the infra tests call the same function, so the tests check what deploys.
import { join } from 'node:path';
import { App, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { PROJECT_ROOT } from './bundling';
import { readCampaignSchedules, type CampaignSchedule } from './campaign-schedules';
import { readPresenceContext, type PresenceContext } from './context';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface PresenceApp {
  app: App;
  context: PresenceContext;
  stateful: StatefulStack;
  stateless: StatelessStack;
  campaigns: CampaignSchedule[];
}

export interface BuildOptions extends AppProps {
  /** Where the campaign files are read from (default: the project's campaigns/). */
  campaignsDir?: string;
}

export function buildPresenceApp(options: BuildOptions = {}): PresenceApp {
  const { campaignsDir = join(PROJECT_ROOT, 'campaigns'), ...appProps } = options;
  const app = new App(appProps);
  const context = readPresenceContext((key) => app.node.tryGetContext(key));
  // Environment-agnostic unless both are given: synth needs no account, no credentials and no lookups.
  const env: Environment | undefined = context.account && context.region ? { account: context.account, region: context.region } : undefined;
  const campaigns = readCampaignSchedules(campaignsDir);

  const stateful = new StatefulStack(app, 'PresenceStateful', {
    description: 'presence: ledger table, letters bucket, SES identity and configuration set, signing secret',
    env,
    context,
  });
  const stateless = new StatelessStack(app, 'PresenceStateless', {
    description: 'presence: functions, approval endpoint, send queue, schedules, SES event rule',
    env,
    context,
    stateful,
    campaigns,
  });
  stateless.addStackDependency(stateful);

  // Every finding of either pack fails the synth unless it is fixed or acknowledged with a reason at the construct.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, context, stateful, stateless, campaigns };
}
