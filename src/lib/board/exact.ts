/**
 * Exact rational arithmetic on BigInt, so that what the board sees (totals,
 * percentages, budget sums) is rounded once, from the exact value, and never
 * shows binary floating-point residue such as 4.6000000000000005.
 */
export interface Rational {
	/** Numerator; carries the sign. */
	readonly n: bigint;
	/** Denominator; always positive, and gcd(n, d) = 1. */
	readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
	let x = a < 0n ? -a : a;
	let y = b < 0n ? -b : b;
	while (y !== 0n) [x, y] = [y, x % y];
	return x;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
	if (d === 0n) throw new RangeError('division by zero');
	if (d < 0n) {
		n = -n;
		d = -d;
	}
	const g = gcd(n, d);
	return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO: Rational = rational(0n);
export const ONE: Rational = rational(1n);

/**
 * The exact decimal a user typed, recovered from a JS number: String() gives the
 * shortest digits that round-trip, so 0.1 becomes exactly 1/10, not the binary
 * approximation.
 */
export function fromNumber(x: number): Rational {
	if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
	return fromDecimalString(String(x));
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

export function fromDecimalString(text: string): Rational {
	const m = DECIMAL.exec(text.trim());
	if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new SyntaxError(`not a decimal: ${text}`);
	const fraction = m[3] ?? '';
	let n = BigInt((m[2] || '0') + fraction);
	if (m[1] === '-') n = -n;
	const exponent = Number(m[4] ?? '0') - fraction.length;
	return exponent >= 0 ? rational(n * 10n ** BigInt(exponent)) : rational(n, 10n ** BigInt(-exponent));
}

export function add(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
	return rational(a.n * b.n, a.d * b.d);
}

export function div(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d, a.d * b.n);
}

export function sum(values: Iterable<Rational>): Rational {
	let total = ZERO;
	for (const v of values) total = add(total, v);
	return total;
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
	const l = a.n * b.d;
	const r = b.n * a.d;
	return l < r ? -1 : l > r ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
	return a.n === b.n && a.d === b.d;
}

export function isZero(a: Rational): boolean {
	return a.n === 0n;
}

/** For charts and sorting widgets only; never format this for display. */
export function toNumber(a: Rational): number {
	return Number(a.n) / Number(a.d);
}

export interface FormatOptions {
	/** Drop trailing zeros after the decimal point (4.60 -> 4.6). */
	readonly trim?: boolean;
	/** Group thousands with commas (12,345.6). */
	readonly group?: boolean;
}

/**
 * Round half away from zero ("half-up" as taught in UK schools and used in
 * financial papers) from the exact value, to a fixed number of places.
 */
export function formatDecimal(value: Rational, places: number, options: FormatOptions = {}): string {
	if (!Number.isInteger(places) || places < 0 || places > 20) throw new RangeError(`bad places: ${places}`);
	const negative = value.n < 0n;
	const scaled = (negative ? -value.n : value.n) * 10n ** BigInt(places);
	let q = scaled / value.d;
	if ((scaled % value.d) * 2n >= value.d) q += 1n;
	let digits = q.toString().padStart(places + 1, '0');
	let whole = digits.slice(0, digits.length - places);
	let fraction = digits.slice(digits.length - places);
	if (options.trim) fraction = fraction.replace(/0+$/, '');
	if (options.group) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	digits = fraction ? `${whole}.${fraction}` : whole;
	return negative && q !== 0n ? `-${digits}` : digits;
}

/** Exact decimal text when the denominator allows it (budget sums); null for 1/3 and friends. */
export function toDecimalString(value: Rational): string | null {
	let d = value.d;
	let places = 0;
	while (d % 10n === 0n) {
		d /= 10n;
		places++;
	}
	let extra = 0;
	while (d % 2n === 0n || d % 5n === 0n) {
		d = d % 2n === 0n ? d / 2n : d / 5n;
		extra++;
	}
	if (d !== 1n) return null;
	return formatDecimal(value, places + extra, { trim: true });
}
