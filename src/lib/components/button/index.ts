export { default as Button, buttonClass, type ButtonProps, type ButtonVariant, type ButtonSize } from './button.svelte';
