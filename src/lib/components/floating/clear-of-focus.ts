import type { Attachment } from 'svelte/attachments';
import { clearPlace, type Box, type Placement } from './placement.ts';

/**
 * What has the keyboard now, as a box on screen: a grid keeps the focus on itself and points at its cell with
 * `aria-activedescendant`, so that cell; an editor's field, a button, what else has it, itself. Nothing inside
 * `own` (the floating box's own buttons), nor the page, nor a container taller than half the screen.
 */
function focusedBox(own: HTMLElement): Box | null {
	const focused = document.activeElement;
	if (!(focused instanceof HTMLElement) || focused === document.body || own.contains(focused)) return null;
	const pointed = focused.getAttribute('aria-activedescendant');
	const box = ((pointed && document.getElementById(pointed)) || focused).getBoundingClientRect();
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
 * (placement.ts). It looks once a frame while `active` (something is shown), as a grid scrolls, a cell editor
 * opens or the focus moves without telling anyone; idle, it does nothing. Where the box is not floating (the
 * grid's message on a wide screen sits in the toolbar), it is left alone.
 */
export function clearOfFocus(active: boolean, others?: string): Attachment<HTMLElement> {
	return (node) => {
		if (!active) return;
		let frame = requestAnimationFrame(check);
		let last = '';
		function check() {
			frame = requestAnimationFrame(check);
			const own = node.getBoundingClientRect();
			if (own.height === 0 || getComputedStyle(node).position !== 'fixed') {
				if (last !== 'reset') apply(node, 'reset');
				last = 'reset';
				return;
			}
			const clear: Box[] = others
				? [...document.querySelectorAll(others)].filter((other) => !node.contains(other)).map((other) => other.getBoundingClientRect())
				: [];
			const focused = focusedBox(node);
			if (focused) clear.push(focused);
			const gap = 0.75 * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
			const place = clearPlace(own, window.innerHeight, clear, gap);
			const key = JSON.stringify(place);
			if (key !== last) apply(node, place);
			last = key;
		}
		return () => {
			cancelAnimationFrame(frame);
			apply(node, 'reset');
		};
	};
}
