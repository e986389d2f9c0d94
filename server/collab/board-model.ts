import type * as Y from 'yjs';
import * as schema from '../../src/lib/board/schema.ts';
import * as boardGuard from '../../src/lib/board/guard.ts';
import * as migrations from '../../src/lib/board/migrations.ts';
import * as retainedPolicy from '../../src/lib/board/retained-policy.ts';

/**
 * The one place the collaboration server touches the board schema: migrating a loaded board, the guard that
 * repairs schema-violating values after each client transaction, and reading the title to mirror into the
 * board list.
 */
export function boardTitle(doc: Y.Doc): string {
	return schema.childText(schema.roots(doc).meta, 'title')?.toString() ?? '';
}

export interface Repair {
	/** Origin of the transaction that broke the schema (a Connection for a client's update). */
	origin: unknown;
	reason: string;
}

/**
 * Brings a freshly loaded board to the current schema (as `origin`, so the migration is stored like any
 * change) and installs the guard, and the rule that only the chair may move a service the law keeps with the
 * council (`restricted` says whether a transaction's origin is someone else's). Returns the teardown. A board
 * written by newer code is neither migrated nor guarded: this code would strip what it does not know.
 */
export function prepareBoard(
	doc: Y.Doc,
	origin: unknown,
	restricted: (origin: unknown) => boolean,
	onRepair: (repair: Repair) => void
): () => void {
	migrations.migrate(doc, origin);
	const policy = retainedPolicy.createRetainedPolicy(doc, { restricted, onRefused: (reason, violator) => onRepair({ origin: violator, reason }) });
	const guard = boardGuard.createBoardGuard(doc, {
		onViolation: (violations, violator) => {
			const first = violations[0];
			const reason = first ? `${first.path}: ${first.problem} (${first.action})` : 'repaired';
			onRepair({ origin: violator, reason: violations.length > 1 ? `${reason} and ${violations.length - 1} more` : reason });
		}
	});
	return () => {
		guard.destroy();
		policy.destroy();
	};
}
