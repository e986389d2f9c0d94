export { default as CommentThreads } from './comment-threads.svelte';
