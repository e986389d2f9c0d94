import type { TestUser } from '../../support/fixtures.ts';

export interface Answer {
	status: number;
	location: string | null;
	body: string;
	headers: Headers;
}

/** Plain HTTP as a browser without JavaScript would do it: no redirects followed, the session cookie if any. */
export class Http {
	readonly origin: string;
	constructor(origin: string) {
		this.origin = origin;
	}

	async get(path: string, user?: Pick<TestUser, 'cookie'> | null, headers: Record<string, string> = {}): Promise<Answer> {
		const response = await fetch(this.origin + path, {
			redirect: 'manual',
			headers: { accept: 'text/html,application/xhtml+xml', ...(user ? { Cookie: user.cookie } : {}), ...headers }
		});
		return { status: response.status, location: response.headers.get('location'), body: await response.text(), headers: response.headers };
	}

	/** A form post (application/x-www-form-urlencoded) from the app's own origin unless `origin` says otherwise. */
	async post(
		path: string,
		fields: Record<string, string>,
		user?: Pick<TestUser, 'cookie'> | null,
		origin: string | null = this.origin
	): Promise<Answer> {
		const response = await fetch(this.origin + path, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html,application/xhtml+xml',
				...(origin ? { Origin: origin } : {}),
				...(user ? { Cookie: user.cookie } : {})
			},
			body: new URLSearchParams(fields).toString()
		});
		return { status: response.status, location: response.headers.get('location'), body: await response.text(), headers: response.headers };
	}

	/** A JSON post from the app's own origin, as the page's scripts send one; `json` is the parsed answer, if any. */
	async postJson(
		path: string,
		body: unknown,
		user?: Pick<TestUser, 'cookie'> | null
	): Promise<Answer & { json: Record<string, unknown> | null }> {
		const response = await fetch(this.origin + path, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/json', Origin: this.origin, ...(user ? { Cookie: user.cookie } : {}) },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
		const text = await response.text();
		let json: Record<string, unknown> | null;
		try {
			json = JSON.parse(text) as Record<string, unknown>;
		} catch {
			json = null;
		}
		return { status: response.status, location: response.headers.get('location'), body: text, headers: response.headers, json };
	}

	/** A download's bytes (XLSX, PDF, DOCX), with the status. */
	async download(path: string, user?: Pick<TestUser, 'cookie'> | null): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
		const response = await fetch(this.origin + path, { redirect: 'manual', headers: user ? { Cookie: user.cookie } : {} });
		return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
	}

	/** A multipart form post (a file upload), as a browser sends `enctype="multipart/form-data"`. */
	async upload(path: string, form: FormData, user?: Pick<TestUser, 'cookie'> | null, origin: string | null = this.origin): Promise<Answer> {
		const response = await fetch(this.origin + path, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				accept: 'text/html,application/xhtml+xml',
				...(origin ? { Origin: origin } : {}),
				...(user ? { Cookie: user.cookie } : {})
			},
			body: form
		});
		return { status: response.status, location: response.headers.get('location'), body: await response.text(), headers: response.headers };
	}
}

/** A form holding one file, as the import page's file field sends it. */
export function fileForm(content: BlobPart, name = 'board.json', type = 'application/json'): FormData {
	const form = new FormData();
	form.set('file', new File([content], name, { type }));
	return form;
}
