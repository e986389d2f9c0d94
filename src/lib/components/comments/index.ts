export { default as CommentThreads } from './comment-threads.svelte';
export { default as OpenComments } from './open-comments.svelte';
