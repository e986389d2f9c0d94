import type * as Y from 'yjs';
import * as schema from '../../src/lib/board/schema.ts';
import * as boardGuard from '../../src/lib/board/guard.ts';
import * as lockPolicy from '../../src/lib/board/lock-policy.ts';
import type * as locks from '../../src/lib/board/locks.ts';
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
	/** Origin of the transaction that broke a rule (a client's, tagged with its connection). */
	origin: unknown;
	/** `locked` when the transaction touched something the chair locked. */
	kind: 'repaired' | 'locked';
	reason: string;
}

export interface BoardRules {
	/** Origin of the migration when the board loads (stored like any change). */
	origin: unknown;
	/** The client who made a transaction (null for the server's own), and whether they chair the board. */
	author(origin: unknown): { isChair: boolean } | null;
	onRepair(repair: Repair): void;
	/** The chair locked or unlocked parts of the board. */
	onLocksChanged(changes: { target: locks.LockTarget; locked: boolean }[], origin: unknown): void;
}

/**
 * Brings a freshly loaded board to the current schema and installs its rules: the schema guard, the rule that
 * only the chair may move a service the law keeps with the council, and the chair's locks (each repairs what a
 * client's transaction broke). Returns the teardown. A board written by newer code is neither migrated nor
 * guarded: this code would strip what it does not know.
 */
export function prepareBoard(doc: Y.Doc, rules: BoardRules): () => void {
	migrations.migrate(doc, rules.origin);
	const restricted = (origin: unknown) => rules.author(origin)?.isChair === false;
	const retained = retainedPolicy.createRetainedPolicy(doc, {
		restricted,
		onRefused: (reason, violator) => rules.onRepair({ origin: violator, kind: 'repaired', reason })
	});
	const lockRules = lockPolicy.createLockPolicy(doc, {
		author: (origin) => rules.author(origin),
		onRefused: (reason, violator) => rules.onRepair({ origin: violator, kind: 'locked', reason }),
		onChanged: (changes, origin) => rules.onLocksChanged(changes, origin)
	});
	const guard = boardGuard.createBoardGuard(doc, {
		onViolation: (violations, violator) => {
			const first = violations[0];
			const reason = first ? `${first.path}: ${first.problem} (${first.action})` : 'repaired';
			rules.onRepair({
				origin: violator,
				kind: 'repaired',
				reason: violations.length > 1 ? `${reason} and ${violations.length - 1} more` : reason
			});
		}
	});
	return () => {
		guard.destroy();
		lockRules.destroy();
		retained.destroy();
	};
}
