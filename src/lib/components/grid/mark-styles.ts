/**
 * Colours of the marks drawn in grid cells, in one place so src/lib/a11y/colours.spec.ts can check their
 * contrast (WCAG AA) against the cells they sit on.
 */
import type { Rag } from '$lib/board/schema';

/** Red, amber, green: dark text on a pale tint, so the word is always readable. */
export const RAG_CHIP: Record<Rag, string> = {
	red: 'bg-red-100 text-red-900 ring-red-700/50',
	amber: 'bg-amber-100 text-amber-950 ring-amber-600/60',
	green: 'bg-green-100 text-green-900 ring-green-700/50'
};

/** The shape beside the word (diamond, square, circle) tells the three apart without colour. */
export const RAG_DOT: Record<Rag, string> = { red: 'bg-red-600', amber: 'bg-amber-500', green: 'bg-green-600' };

/** A cell a paste skipped: a dashed border (>= 3:1 on a plain or selected cell) over a faint tint. */
export const PASTE_SKIPPED = 'border-amber-700 bg-amber-100/40';

/** The count of a cell's comment threads: open ones stand out, resolved ones stay quiet. */
export const COMMENT_BADGE = { open: 'bg-amber-300 text-amber-950', resolved: 'bg-slate-200 text-slate-700' } as const;
