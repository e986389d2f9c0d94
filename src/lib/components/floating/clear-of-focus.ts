import type { Attachment } from 'svelte/attachments';
import { clearPlace, type Box, type Placement } from './placement.ts';

/** Said on the window by a floating box that moved, so the boxes keeping clear of it look again. */
const MOVED = 'trustboard:float-moved';

/** The element that has the keyboard now: a grid's cell it points at with `aria-activedescendant`, else itself. */
function focusedElement(own: HTMLElement): HTMLElement | null {
	const focused = document.activeElement;
	if (!(focused instanceof HTMLElement) || focused === document.body || own.contains(focused)) return null;
	const pointed = focused.getAttribute('aria-activedescendant');
	return (pointed && document.getElementById(pointed)) || focused;
}

/**
 * What has the keyboard, as a box on screen; nothing inside `own` (the floating box's own buttons), nor the page,
 * nor a container taller than half the screen.
 */
function focusedBox(element: HTMLElement | null): Box | null {
	if (!element) return null;
	const box = element.getBoundingClientRect();
	// A container that has the focus itself (a grid with no cell chosen, a tab's panel) is no place being typed in,
	// and keeping clear of it would hide the box for as long as it has the focus.
	return box.height > window.innerHeight / 2 ? null : box;
}

function apply(node: HTMLElement, place: Placement | 'reset'): void {
	const at = place === 'reset' ? null : place;
	node.style.top = at?.edge === 'top' ? `${at.offset}px` : '';
	node.style.bottom = at?.edge === 'top' ? 'auto' : at ? `${at.offset}px` : '';
	// Nowhere clear: out of sight, not out of the page, so a screen reader still hears a live region's news.
	node.style.clipPath = place === null ? 'inset(50%)' : '';
}

/**
 * Keeps a box floating over the page (`position: fixed`, at the bottom by its classes) off the cell being edited
 * and off the boxes `others` selects, moving it up or to the top of the screen while it would cover them
 * (placement.ts). While `active` (something is shown) it looks again, at most once a frame, only when what it
 * keeps clear of may have moved: a scroll anywhere, the window or the visual viewport resized, the focus moved,
 * a grid's chosen cell changed (its `aria-activedescendant`), it or a box it keeps clear of changed size, or one
 * of those moved; with nothing changing it reads no layout at all. Where the box is not floating (the grid's
 * message on a wide screen sits in the toolbar), it is left alone.
 */
export function clearOfFocus(active: boolean, others?: string): Attachment<HTMLElement> {
	return (node) => {
		if (!active) return;
		let frame = 0;
		let last = '';
		const sizes = new ResizeObserver(() => schedule());
		let watched: Element[] = [];
		/** Watches the size of the box, of those it keeps clear of and of what has the keyboard (an editor grows). */
		function watch(elements: Element[]) {
			if (elements.length === watched.length && elements.every((element, i) => element === watched[i])) return;
			sizes.disconnect();
			for (const element of elements) sizes.observe(element);
			watched = elements;
		}
		function schedule() {
			if (!frame) frame = requestAnimationFrame(check);
		}
		function check() {
			frame = 0;
			const around = others ? [...document.querySelectorAll(others)].filter((other) => !node.contains(other)) : [];
			const focused = focusedElement(node);
			watch([node, ...around, ...(focused ? [focused] : [])]);
			const own = node.getBoundingClientRect();
			if (own.height === 0 || getComputedStyle(node).position !== 'fixed') {
				if (last !== 'reset') apply(node, 'reset');
				last = 'reset';
				return;
			}
			const clear: Box[] = around.map((other) => other.getBoundingClientRect());
			const box = focusedBox(focused);
			if (box) clear.push(box);
			const gap = 0.75 * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
			const place = clearPlace(own, window.innerHeight, clear, gap);
			const key = JSON.stringify(place);
			if (key === last) return;
			apply(node, place);
			last = key;
			window.dispatchEvent(new Event(MOVED));
		}
		// A grid keeps the focus while its chosen cell changes, so the change of cell is watched on the page.
		const chosen = new MutationObserver(schedule);
		chosen.observe(document.body, { attributes: true, attributeFilter: ['aria-activedescendant'], subtree: true });
		const listen: [EventTarget | null, string][] = [
			[document, 'scroll'],
			[document, 'focusin'],
			[document, 'focusout'],
			[window, 'resize'],
			[window, MOVED],
			[window.visualViewport, 'resize'],
			[window.visualViewport, 'scroll']
		];
		// Scroll events do not bubble: caught on the way down, any scroller's (a grid's) reach the document.
		for (const [target, type] of listen) target?.addEventListener(type, schedule, { capture: true, passive: true });
		schedule();
		return () => {
			cancelAnimationFrame(frame);
			for (const [target, type] of listen) target?.removeEventListener(type, schedule, { capture: true });
			chosen.disconnect();
			sizes.disconnect();
			apply(node, 'reset');
		};
	};
}
