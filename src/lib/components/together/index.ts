export { default as TogetherMinutes } from './together-minutes.svelte';
export { default as ScoringTogether } from './scoring-together.svelte';
export { default as TogetherProvider } from './together-provider.svelte';
export { default as PrivateModeBar } from './private-mode-bar.svelte';
export { getPrivateScoring, type PrivateCell, type PrivateScoring } from './private-scoring.svelte';
