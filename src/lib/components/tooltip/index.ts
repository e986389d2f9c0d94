import { Tooltip as Primitive } from 'bits-ui';

export { default as Tooltip } from './tooltip.svelte';
export const TooltipProvider = Primitive.Provider;
