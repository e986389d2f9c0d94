export { clearOfFocus } from './clear-of-focus.ts';
