// The part of pdfmake 0.3's server API that papers use (the package ships no types).
declare module 'pdfmake' {
	interface OutputDocument {
		getBuffer(): Promise<Buffer>;
	}
	interface PdfMake {
		virtualfs: { writeFileSync(name: string, data: Buffer): void };
		addFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
		setUrlAccessPolicy(allow: (url: string) => boolean): void;
		setLocalAccessPolicy(allow: (path: string) => boolean): void;
		createPdf(definition: Record<string, unknown>): OutputDocument;
	}
	const pdfmake: PdfMake;
	export default pdfmake;
}
