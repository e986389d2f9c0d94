import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { SaveTracker } from './save-tracker.ts';

const sv = (doc: Y.Doc) => Y.encodeStateVector(doc);

describe('SaveTracker', () => {
	test('an edit is saved only when a confirmation covers its frame and its clock', () => {
		const doc = new Y.Doc();
		const tracker = new SaveTracker(doc);
		tracker.newSocket();
		expect(tracker.state).toBe('saved');
		doc.getText('t').insert(0, 'hello');
		tracker.localChange(3);
		expect(tracker.state).toBe('saving');
		tracker.saved({ stateVector: sv(doc), frames: 2 });
		expect(tracker.state).toBe('saving');
		tracker.saved({ stateVector: sv(doc), frames: 3 });
		expect(tracker.state).toBe('saved');
	});

	test('a pure deletion waits for its frame even though the state vector does not move', () => {
		const doc = new Y.Doc();
		const tracker = new SaveTracker(doc);
		tracker.newSocket();
		doc.getText('t').insert(0, 'hello');
		tracker.localChange(1);
		tracker.saved({ stateVector: sv(doc), frames: 1 });
		doc.getText('t').delete(0, 2);
		tracker.localChange(2);
		expect(tracker.state).toBe('saving');
		tracker.saved({ stateVector: sv(doc), frames: 2 });
		expect(tracker.state).toBe('saved');
	});

	test('unconfirmed edits are resent on the next socket; a storage failure shows as an error until saved', () => {
		const doc = new Y.Doc();
		const tracker = new SaveTracker(doc);
		tracker.newSocket();
		doc.getText('t').insert(0, 'x');
		tracker.localChange(4);
		tracker.failed('storage unavailable');
		expect(tracker.state).toBe('error');
		tracker.newSocket();
		tracker.saved({ stateVector: sv(doc), frames: 9 });
		expect(tracker.state).toBe('saving');
		tracker.resent(10);
		tracker.saved({ stateVector: sv(doc), frames: 10 });
		expect(tracker.state).toBe('saved');
	});
});
