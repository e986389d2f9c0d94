import { encode } from 'uqr';

/** A QR code as one SVG path (one unit square per dark module, a four-module quiet zone included). */
export function qrPath(text: string): { size: number; path: string } {
	const qr = encode(text, { ecc: 'M', border: 4 });
	let path = '';
	qr.data.forEach((row, y) =>
		row.forEach((dark, x) => {
			if (dark) path += `M${x} ${y}h1v1h-1z`;
		})
	);
	return { size: qr.size, path };
}
