export { default as ModelsGrid } from './models-grid.svelte';
export { default as WeightedChart } from './weighted-chart.svelte';
export { default as ScoreDetails } from './score-details.svelte';
export { default as StatusChip } from './status-chip.svelte';
export { default as AppraisalNotes } from './appraisal-notes.svelte';
