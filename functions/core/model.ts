// The domain model of presence: its constants and plain functions (domain.ts) and the zod schemas every entity
// crossing a port is validated with (model-schemas.ts). The two live apart so that a Lambda bundle which only needs
// the constants leaves the schema library out: package.json marks the project's modules free of import-time side
// effects, so esbuild drops model-schemas.ts where none of its exports is used.
export * from './domain';
export * from './model-schemas';
