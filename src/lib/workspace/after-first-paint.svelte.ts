/**
 * Whether the screen this component is part of has been painted once. What is on the first screen but not what
 * a member first looks at or works in (the side panel's summary, the grid's rows below the fold) renders after it:
 * the grid's first rows reach the screen a frame sooner, and the rest follows a frame later, with the page already
 * usable (docs/performance.md, "the grid's first rows first"). Made while a component initialises.
 */
export class AfterFirstPaint {
	done = $state(false);

	constructor() {
		$effect(() => {
			const finish = () => (this.done = true);
			let timer: ReturnType<typeof setTimeout> | undefined;
			// After the next frame has been drawn: a task queued from inside a frame callback runs after its paint.
			const frame = requestAnimationFrame(() => (timer = setTimeout(finish)));
			// A tab opened in the background draws no frames until shown; its rest must not wait for that.
			const fallback = setTimeout(finish, 250);
			return () => {
				cancelAnimationFrame(frame);
				clearTimeout(timer);
				clearTimeout(fallback);
			};
		});
	}
}
