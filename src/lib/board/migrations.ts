import * as Y from 'yjs';
import * as migrationStatusReasons from './migration-status-reasons.ts';
import * as schema from './schema.ts';
import * as migrationScopeDecisions from './migration-scope-decisions.ts';
import type { YMap } from './schema.ts';

/**
 * Ordered schema migrations. A board stores `meta.schemaVersion`; opening it
 * runs every step from that version up to CURRENT_SCHEMA_VERSION in one
 * transaction. To change the schema: bump CURRENT_SCHEMA_VERSION, append a step
 * here (never edit a released one), and describe it in docs/board-schema.md.
 *
 * Run migrations in one place only - the server, after loading a room and
 * before clients sync - so two clients never migrate the same board at once.
 */

export interface Migration {
	readonly from: number;
	readonly to: number;
	readonly description: string;
	readonly run: (doc: Y.Doc) => void;
}

function ensureMap(parent: YMap, key: string): void {
	if (!(parent.get(key) instanceof Y.Map)) parent.set(key, new Y.Map());
}

function ensureText(parent: YMap, key: string): void {
	const value = parent.get(key);
	if (value instanceof Y.Text) return;
	parent.set(key, new Y.Text(typeof value === 'string' ? value : ''));
}

export const MIGRATIONS: readonly Migration[] = [
	{
		from: 0,
		to: 1,
		description: 'Boards written before versioning: plain-string title and description become Y.Text; rows and models get their cell maps.',
		run(doc) {
			const { meta, scopeRows, models } = schema.roots(doc);
			ensureText(meta, 'title');
			ensureText(meta, 'description');
			scopeRows.forEach((row) => {
				if (row instanceof Y.Map) ensureMap(row as YMap, 'cells');
			});
			models.forEach((m) => {
				if (!(m instanceof Y.Map)) return;
				for (const key of ['scores', 'rationales', 'evidence']) ensureMap(m as YMap, key);
				if (typeof m.get('status') !== 'string') m.set('status', 'longList');
				const description = m.get('description');
				if (!(description instanceof Y.Text)) ensureText(m as YMap, 'description');
			});
		}
	},
	{
		from: 1,
		to: 2,
		description:
			'Every status carries a reason (discountReason becomes statusReason); knocked-out models kept on the short list become explicit overrides.',
		run: migrationStatusReasons.migrateStatusReasons
	},
	{
		from: 2,
		to: 3,
		description:
			'Scope decisions get their record (consultees, equality note); the DCS and Lead Member roles are marked as kept with the council by law.',
		run: migrationScopeDecisions.migrateScopeDecisions
	},
	{
		from: 3,
		to: 4,
		description:
			"Boards gain the chair's locks (the `locks` root map); nothing is locked. Older code refuses a version-4 board rather than ignore its locks.",
		run: () => {}
	}
];

/** 0 for a board that predates versioning (or an empty document). */
export function schemaVersionOf(doc: Y.Doc): number {
	const version = schema.roots(doc).meta.get('schemaVersion');
	return Number.isInteger(version) && (version as number) > 0 ? (version as number) : 0;
}

export function isEmptyBoard(doc: Y.Doc): boolean {
	const r = schema.roots(doc);
	return Object.values(r).every((map: YMap) => map.size === 0);
}

export interface MigrationResult {
	readonly from: number;
	readonly to: number;
	readonly applied: readonly string[];
}

/**
 * Bring a board up to CURRENT_SCHEMA_VERSION. An empty document is left alone
 * (initBoard creates boards). Throws `schemaTooNew` for a board written by newer
 * code, which this code must not edit or guard.
 */
export function migrate(doc: Y.Doc, origin: unknown = null, steps: readonly Migration[] = MIGRATIONS): MigrationResult {
	const from = schemaVersionOf(doc);
	const target = steps.reduce((v, s) => Math.max(v, s.to), schema.CURRENT_SCHEMA_VERSION);
	if (from > target) throw new schema.BoardError('schemaTooNew', `board schema ${from} is newer than this code understands (${target})`);
	if (from === target || isEmptyBoard(doc)) return { from, to: from, applied: [] };
	// Plan first: Yjs cannot roll back, so a missing step must fail before any write.
	const plan: Migration[] = [];
	for (let version = from; version < target;) {
		const step = steps.find((s) => s.from === version && s.to > version);
		if (!step) throw new schema.BoardError('noMigration', `no migration from schema ${version}`);
		plan.push(step);
		version = step.to;
	}
	doc.transact(() => {
		for (const step of plan) step.run(doc);
		schema.roots(doc).meta.set('schemaVersion', target);
	}, origin);
	const applied = plan.map((s) => `${s.from}->${s.to}: ${s.description}`);
	return { from, to: target, applied };
}
