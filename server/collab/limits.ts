/**
 * A token bucket: `rate` tokens a second up to `burst`. A client may send a burst (a paste) but not sustain
 * a flood.
 */
export class TokenBucket {
	readonly #rate: number;
	readonly #burst: number;
	#tokens: number;
	#last: number;

	constructor(rate: number, burst: number) {
		this.#rate = rate;
		this.#burst = Math.max(1, burst);
		this.#tokens = this.#burst;
		this.#last = Date.now();
	}

	take(): boolean {
		const now = Date.now();
		this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}
