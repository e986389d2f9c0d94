/**
 * Formula injection: a spreadsheet treats a cell starting with `=`, `+`, `-` or
 * `@` (and, in some programs, a leading tab or carriage return) as a formula, so
 * a service called `=HYPERLINK("http://evil",...)` would run when an officer
 * opens the download. Text values get a leading apostrophe in CSV, which every
 * spreadsheet shows as the literal text; numbers are never touched (-5 is a
 * number, not an attack). XLSX cells are typed, so there text is simply written
 * as a string and never as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function isFormulaLike(text: string): boolean {
	return FORMULA_START.test(text);
}

export function neutralise(text: string): string {
	return isFormulaLike(text) ? `'${text}` : text;
}
