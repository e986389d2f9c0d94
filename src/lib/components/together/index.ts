export { default as TogetherMinutes } from './together-minutes.svelte';
export { default as ScoringTogether } from './scoring-together.svelte';
