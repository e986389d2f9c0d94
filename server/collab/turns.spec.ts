import { describe, expect, it } from 'vitest';
import { MAX_TURN_BUDGET_MS, Turns } from './turns.ts';

/** A clock that moves only when a task says it took time. */
function fakeClock() {
	let now = 0;
	return { now: () => now, spend: (ms: number) => (now += ms) };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('Turns', () => {
	it('runs a task at once while the turn has budget', () => {
		const turns = new Turns({ budgetMs: 8, now: fakeClock().now });
		const ran: string[] = [];
		turns.run('a', () => ran.push('first'));
		turns.run('b', () => ran.push('second'));
		expect(ran).toEqual(['first', 'second']);
	});

	it('leaves what is over the budget for later turns, with timers and I/O running in between', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: number[] = [];
		let timerRanAfter = -1;
		setTimeout(() => (timerRanAfter = ran.length), 0);
		// Twenty large pastes arriving in one turn, 20 ms each to apply.
		for (let i = 0; i < 20; i++) {
			turns.run('burst', () => {
				ran.push(i);
				clock.spend(20);
				// And a little real time, so the 1 ms timer is due by the next turn however fast this machine runs
				// them (otherwise every turn can end before it is due, and the burst looks as if it held the loop).
				const until = performance.now() + 1.5;
				while (performance.now() < until);
			});
		}
		expect(ran).toEqual([0]);
		expect(turns.queued).toBe(19);
		while (turns.queued > 0) await nextTurn();
		expect(ran).toEqual(Array.from({ length: 20 }, (_, i) => i));
		// The timer did not wait for the whole burst.
		expect(timerRanAfter).toBeGreaterThan(0);
		expect(timerRanAfter).toBeLessThan(20);
	});

	it("keeps a board's tasks in order and takes the boards in rotation, so a quiet board does not wait behind a busy one", async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: string[] = [];
		const task = (name: string) => () => {
			ran.push(name);
			clock.spend(5);
		};
		for (let i = 0; i < 6; i++) turns.run('busy', task(`busy ${i}`));
		turns.run('quiet', task('quiet'));
		while (turns.queued > 0) await nextTurn();
		expect(ran.filter((name) => name.startsWith('busy'))).toEqual(['busy 0', 'busy 1', 'busy 2', 'busy 3', 'busy 4', 'busy 5']);
		// Two ran at once (the budget lasted until then); after that the quiet board waited for one busy task, not four.
		expect(ran.indexOf('quiet')).toBe(3);
	});

	it('runs a board that starts waiting before the backlog of the busy boards, not after a task of each', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: string[] = [];
		const task = (name: string) => () => {
			ran.push(name);
			clock.spend(5);
		};
		for (let i = 0; i < 10; i++) for (const board of ['b1', 'b2', 'b3', 'b4', 'b5']) turns.run(board, task(board));
		await nextTurn();
		// One member's edit on a quiet board, while five boards have edits waiting.
		turns.run('quiet', task('quiet'));
		const before = ran.length;
		await nextTurn();
		expect(ran[before]).toBe('quiet');
		while (turns.queued > 0) await nextTurn();
	});

	it('shares the waiting time by time, so a board of small edits is not held to one edit per large paste', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: string[] = [];
		for (let i = 0; i < 5; i++) {
			turns.run('pastes', () => {
				ran.push('paste');
				clock.spend(20);
			});
		}
		for (let i = 0; i < 100; i++) {
			turns.run('edits', () => {
				ran.push('edit');
				clock.spend(1);
			});
		}
		while (turns.queued > 0) await nextTurn();
		// The first paste ran at once; then about 20 ms of edits for each 20 ms paste, instead of one edit per paste.
		const pastes = ran.flatMap((name, i) => (name === 'paste' ? [i] : []));
		expect(ran.slice(pastes[1], pastes[2]).filter((name) => name === 'edit').length).toBeGreaterThanOrEqual(15);
		expect(ran.filter((name) => name === 'edit')).toHaveLength(100);
	});

	it('keeps the place of a board that stops waiting, so stopping and starting again earns it nothing', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: string[] = [];
		const task = (name: string, ms: number) => () => {
			ran.push(name);
			clock.spend(ms);
		};
		for (let i = 0; i < 30; i++) turns.run('steady', task('steady', 2));
		// A board whose 20 ms tasks come one at a time: its queue empties after each.
		turns.run('heavy', task('heavy', 20));
		await nextTurn();
		turns.run('heavy', task('heavy', 20));
		const before = ran.length;
		await nextTurn();
		// The heavy board has had 20 ms: the steady board's 2 ms tasks go first.
		expect(ran[before]).toBe('steady');
		while (turns.queued > 0) await nextTurn();
	});

	it('queues a task behind its board’s earlier ones even when the budget is back', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		const ran: string[] = [];
		turns.run('a', () => {
			ran.push('a1');
			clock.spend(10);
		});
		turns.run('a', () => ran.push('a2'));
		await nextTurn();
		turns.run('a', () => ran.push('a3'));
		while (turns.queued > 0) await nextTurn();
		expect(ran).toEqual(['a1', 'a2', 'a3']);
	});

	it('gives work waiting a longer turn, so the boards keep up with what comes in while the loop stays responsive', async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		let ran = 0;
		for (let i = 0; i < 30; i++) {
			turns.run('a', () => {
				ran++;
				clock.spend(5);
			});
		}
		// At once only what fits the short budget; then each turn up to MAX_TURN_BUDGET_MS of the waiting work.
		expect(ran).toBe(2);
		await nextTurn();
		expect(ran).toBe(2 + MAX_TURN_BUDGET_MS / 5);
		await nextTurn();
		expect(ran).toBe(2 + (2 * MAX_TURN_BUDGET_MS) / 5);
	});

	it("keeps a board's load to the short turn, so the other boards' edits wait for no more than that behind it", async () => {
		const clock = fakeClock();
		const turns = new Turns({ budgetMs: 8, now: clock.now });
		let slices = 0;
		const slice = () => {
			slices++;
			clock.spend(2);
		};
		for (let i = 0; i < 40; i++) turns.run('loading', slice, { background: true });
		expect(slices).toBe(4);
		await nextTurn();
		expect(slices).toBe(8);
		// Edits that come in run before the load's next slice, and while they wait the turn is the long one again
		// (the load has its fair share of it).
		const edits: number[] = [];
		for (let i = 0; i < 12; i++)
			turns.run('other', () => {
				edits.push(slices);
				clock.spend(5);
			});
		const turnStarted = clock.now();
		await nextTurn();
		expect(edits[0]).toBe(8);
		expect(clock.now() - turnStarted).toBeGreaterThanOrEqual(MAX_TURN_BUDGET_MS);
	});

	it('goes on with the other tasks when one throws, and reports it', () => {
		const errors: unknown[] = [];
		const turns = new Turns({ budgetMs: 8, now: fakeClock().now, onError: (error) => errors.push(error) });
		const ran: string[] = [];
		turns.run('a', () => {
			throw new Error('bug');
		});
		turns.run('a', () => ran.push('next'));
		expect(ran).toEqual(['next']);
		expect(errors).toHaveLength(1);
	});

	it('resolves runAsync with the result, or rejects with what the task threw', async () => {
		const turns = new Turns({ budgetMs: 8, now: fakeClock().now });
		await expect(turns.runAsync('a', () => 42)).resolves.toBe(42);
		await expect(
			turns.runAsync('a', () => {
				throw new Error('bad slice');
			})
		).rejects.toThrow('bad slice');
	});
});
