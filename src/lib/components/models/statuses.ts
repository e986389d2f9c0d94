import type { ModelStatus } from '$lib/board/schema';

export const STATUS_LABELS: Record<ModelStatus, string> = {
	longList: 'Long list',
	shortlisted: 'Shortlisted',
	preferred: 'Preferred',
	discounted: 'Discounted'
};

/** Calm tints with dark text; "preferred" is the one that should catch the eye. */
export const STATUS_STYLES: Record<ModelStatus, string> = {
	longList: 'bg-slate-100 text-slate-800 ring-slate-400/60',
	shortlisted: 'bg-sky-100 text-sky-900 ring-sky-700/40',
	preferred: 'bg-brand-700 text-white ring-brand-800',
	discounted: 'bg-white text-slate-700 ring-slate-400 line-through decoration-slate-500'
};

export const STATUS_COLOURS: Record<ModelStatus, string> = {
	longList: '#94a3b8',
	shortlisted: '#0284c7',
	preferred: '#0f766e',
	discounted: '#64748b'
};

/** Colours for criterion headings in the chart: distinct for common colour blindness, dark enough for white text. */
export const GROUP_COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7e22ce', '#be123c', '#0e7490', '#4d7c0f', '#475569'] as const;
