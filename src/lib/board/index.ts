/**
 * The trustboard board model: one Yjs document per board holding the scope of
 * services grid and the delivery model comparison grid. Plain TypeScript on
 * yjs and lib0 only, shared by browser, server, exports and tests.
 */
export * from './schema.ts';
export * from './values.ts';
export * from './scope.ts';
export * from './decisions.ts';
export * from './models.ts';
export * from './meta.ts';
export * from './comments.ts';
export * from './grid.ts';
export * from './paste.ts';
export * from './tsv.ts';
export * from './read.ts';
export * from './scoring.ts';
export * from './summary.ts';
export * from './validate.ts';
export * from './guard.ts';
export * from './migrations.ts';
export * from './template.ts';
export * from './init.ts';
export * as exact from './exact.ts';
export { newId, isId } from './ids.ts';
export { keyBetween } from './order.ts';
export { replaceText } from './text.ts';
export * from './diff.ts';
export * from './json.ts';
export * from './restore.ts';
export * from './attribution.ts';
export * from './status-history.ts';
export * from './datetime.ts';
