// Placeholder replaced by the local-stack global setup (DynamoDB Local + SES v2 local).
export default async function setup(): Promise<void> {}
