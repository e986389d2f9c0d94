import * as Y from 'yjs';
import type { MemberRef } from '../board/values.ts';
import { render } from './export/download.ts';
import type { Download, Format } from './export/files.ts';
import type { StampInfo } from './papers/build.ts';
import { paperToDocx } from './papers/docx.ts';
import type { Paper } from './papers/paper.ts';
import { paperToPdf } from './papers/pdf.ts';
import { readStoredParts } from './sqlite-load-read.ts';
import { sliceState, type SliceSize } from './state-slices.ts';
import type { StoredVersion } from './versions.ts';
import { viewOf } from './version-view.ts';

/**
 * The work a server hands to its worker threads (offload.ts): each is a pure function of data that crosses a
 * thread boundary by structured clone, so the same code runs in a thread or, in tests, on the caller's.
 */

export interface VersionRender {
	format: Format;
	boardTitle: string;
	version: StoredVersion;
	members: MemberRef[];
	exportedAt: Date;
	stamp: StampInfo;
}

export type Task =
	| { kind: 'merge'; updates: Uint8Array[] }
	| { kind: 'load'; updates: Uint8Array[]; slice: SliceSize }
	| { kind: 'read-load'; file: string; boardId: string; slice: SliceSize }
	| { kind: 'read-merge'; file: string; boardId: string }
	| { kind: 'version'; render: VersionRender }
	| { kind: 'paper'; paper: Paper; format: 'pdf' | 'docx' };

/** A board prepared for a room: its state whole (for a first sync) and in slices (to apply a few at a time). */
export interface PreparedLoad {
	state: Uint8Array;
	slices: Uint8Array[];
}

/** A board read from storage and prepared for a room, with the log position read. */
export interface PreparedStoredLoad extends PreparedLoad {
	seq: number;
}

export interface TaskResult {
	merge: Uint8Array;
	load: PreparedLoad;
	'read-load': PreparedStoredLoad;
	/** Null when nothing was logged since the stored state. */
	'read-merge': { state: Uint8Array; uptoSeq: number } | null;
	version: Download;
	paper: Uint8Array;
}

/**
 * A board's stored parts (compacted state and the log after it) as one state: applied in order in one transaction,
 * then encoded, so what the room applies on the event loop is the smallest form of the board (deleted content
 * collected). One transaction, not one per update: replaying a long log update by update, each in its own
 * transaction, grows with the square of its length (2,972 logged paragraphs took seconds). Merging the parts with
 * `Y.mergeUpdates` first took four to five times as long as this (a 1.5 MB log of 2,972 paragraphs: 220-340 ms
 * against 40-70 ms), time the thread takes from the event loop's core when they share one.
 */
function mergeState(updates: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

function prepareLoad(updates: Uint8Array[], slice: SliceSize): PreparedLoad {
	// A compacted board with nothing logged since is its state already (applying 5,000 rows takes a second).
	const state = updates.length === 1 ? updates[0]! : mergeState(updates);
	return { state, slices: sliceState(state, slice) };
}

export async function runTask(task: Task): Promise<TaskResult[Task['kind']]> {
	switch (task.kind) {
		case 'merge':
			return mergeState(task.updates);
		case 'load':
			return prepareLoad(task.updates, task.slice);
		case 'read-load': {
			const { updates, seq } = readStoredParts(task.file, task.boardId);
			return { ...prepareLoad(updates, task.slice), seq };
		}
		case 'read-merge': {
			const { updates, seq, logged } = readStoredParts(task.file, task.boardId);
			return logged === 0 ? null : { state: mergeState(updates), uptoSeq: seq };
		}
		case 'version': {
			const { format, boardTitle, version, members, exportedAt, stamp } = task.render;
			return render(format, boardTitle, { ...version, view: viewOf(version.state) }, members, exportedAt, stamp);
		}
		case 'paper':
			return task.format === 'pdf' ? paperToPdf(task.paper) : paperToDocx(task.paper);
	}
}
