export { default as TextEditor } from './text-editor.svelte';
export { default as LongTextEditor } from './long-text-editor.svelte';
export { default as ChoiceEditor, preloadChoiceEditor } from './choice-editor.svelte';
export type { Choice } from './choice-picker.svelte';
