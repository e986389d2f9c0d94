/**
 * A word's width in a header's bold type of `fontPx` pixels, in rem of `remPx`, plus `padding` rem (the header's
 * padding and border). Measured in the page's own font; estimated where there is no page (the server) or a canvas
 * is refused.
 */
export function wordWidth(fontPx: number, remPx: number, padding: number): (word: string) => number {
	const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
	if (!context) return (word) => (word.length * 0.6 * fontPx) / remPx + padding;
	context.font = `bold ${fontPx}px ${getComputedStyle(document.body).fontFamily}`;
	return (word) => context.measureText(word).width / remPx + padding;
}
