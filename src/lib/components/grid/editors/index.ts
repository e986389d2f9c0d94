export { default as TextEditor } from './text-editor.svelte';
export { default as LongTextEditor } from './long-text-editor.svelte';
export { default as ChoiceEditor, type Choice } from './choice-editor.svelte';
