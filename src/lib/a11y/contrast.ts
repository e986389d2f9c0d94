/**
 * WCAG 2.2 contrast and a perceptual colour difference (CIEDE2000), so the palettes the
 * grids draw with can be checked by tests rather than by eye.
 */

/** Linear-light sRGB, each channel 0..1. */
export type Rgb = readonly [number, number, number];

const clamp = (x: number) => Math.min(1, Math.max(0, x));
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toGamma = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

/** A `#rgb`, `#rrggbb` or CSS `oklch(L% C H)` colour (as Tailwind 4 writes its palette) as linear sRGB, clipped to the gamut. */
export function parseColour(css: string): Rgb {
	const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
	if (hex) {
		const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
		const n = parseInt(digits, 16);
		return [toLinear(((n >> 16) & 255) / 255), toLinear(((n >> 8) & 255) / 255), toLinear((n & 255) / 255)];
	}
	const oklch = /^oklch\(\s*([\d.]+)%\s+([\d.]+)\s+([\d.]+)\s*\)$/i.exec(css.trim());
	if (oklch) {
		const l = Number(oklch[1]) / 100;
		const c = Number(oklch[2]);
		const h = (Number(oklch[3]) * Math.PI) / 180;
		const a = c * Math.cos(h);
		const b = c * Math.sin(h);
		// Björn Ottosson's OKLab to linear sRGB.
		const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
		const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
		const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
		// Through gamma and back, so out-of-gamut colours clip as a browser draws them.
		const linear = [
			4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
			-1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
			-0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_
		].map((x) => toLinear(clamp(toGamma(x))));
		return [linear[0]!, linear[1]!, linear[2]!];
	}
	throw new Error(`not a colour this helper reads: ${css}`);
}

/** `top` at `alpha` over `bottom`, mixed as a browser does (in gamma-encoded sRGB). */
export function over(top: Rgb, alpha: number, bottom: Rgb): Rgb {
	const mix = (t: number, b: number) => toLinear(alpha * toGamma(t) + (1 - alpha) * toGamma(b));
	return [mix(top[0], bottom[0]), mix(top[1], bottom[1]), mix(top[2], bottom[2])];
}

export function luminance([r, g, b]: Rgb): number {
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1..21: text needs 4.5, borders and other marks that carry meaning 3. */
export function contrast(a: Rgb, b: Rgb): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

function toLab([r, g, b]: Rgb): [number, number, number] {
	// D65 XYZ, normalised to the white point.
	const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
	const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
	const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
	const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
	return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIEDE2000 difference: about 2 is just noticeable side by side; 10 and more reads as another colour at a glance. */
export function difference(one: Rgb, two: Rgb): number {
	const [l1, a1, b1] = toLab(one);
	const [l2, a2, b2] = toLab(two);
	const rad = Math.PI / 180;
	const cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
	const g = 0.5 * (1 - Math.sqrt(cBar ** 7 / (cBar ** 7 + 25 ** 7)));
	const a1p = (1 + g) * a1;
	const a2p = (1 + g) * a2;
	const c1p = Math.hypot(a1p, b1);
	const c2p = Math.hypot(a2p, b2);
	const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
	const h1p = hue(b1, a1p);
	const h2p = hue(b2, a2p);
	const dLp = l2 - l1;
	const dCp = c2p - c1p;
	let dhp = 0;
	if (c1p * c2p !== 0) dhp = h2p - h1p > 180 ? h2p - h1p - 360 : h2p - h1p < -180 ? h2p - h1p + 360 : h2p - h1p;
	const dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin((dhp / 2) * rad);
	const lBarp = (l1 + l2) / 2;
	const cBarp = (c1p + c2p) / 2;
	let hBarp = h1p + h2p;
	if (c1p * c2p !== 0) hBarp = Math.abs(h1p - h2p) > 180 ? (h1p + h2p + (h1p + h2p < 360 ? 360 : -360)) / 2 : (h1p + h2p) / 2;
	const t =
		1 -
		0.17 * Math.cos((hBarp - 30) * rad) +
		0.24 * Math.cos(2 * hBarp * rad) +
		0.32 * Math.cos((3 * hBarp + 6) * rad) -
		0.2 * Math.cos((4 * hBarp - 63) * rad);
	const dTheta = 30 * Math.exp(-(((hBarp - 275) / 25) ** 2));
	const rc = 2 * Math.sqrt(cBarp ** 7 / (cBarp ** 7 + 25 ** 7));
	const sl = 1 + (0.015 * (lBarp - 50) ** 2) / Math.sqrt(20 + (lBarp - 50) ** 2);
	const sc = 1 + 0.045 * cBarp;
	const sh = 1 + 0.015 * cBarp * t;
	const rt = -Math.sin(2 * dTheta * rad) * rc;
	return Math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2 + rt * (dCp / sc) * (dHp / sh));
}
