export { default as FormField, type FieldControl } from './form-field.svelte';
