// The CDK app entry (cdk.json: `npx tsx infra/app.ts`). Settings come from cdk.json context and `-c key=value`.
import { buildPresenceApp } from './presence-app';

buildPresenceApp().app.synth();
