import * as Y from 'yjs';
import * as models from './models.ts';
import * as schema from './schema.ts';
import type { YMap } from './schema.ts';

/**
 * Schema 1 -> 2: every status carries a reason, and knock-outs discount.
 *
 * - A model's `discountReason` becomes `statusReason` (the reason for whatever
 *   its status is); a shortlisted or preferred model without one gets a reason
 *   saying it was set before reasons were recorded, so no status reads as
 *   reasoned when it was not.
 * - A model that fails a knock-out but was shortlisted or preferred keeps its
 *   status as an explicit override: schema 2 reads any other knocked-out model
 *   as discounted, and the board's earlier decision should stay visible, flagged.
 * - A criterion the first template added, still at that template's weight, is
 *   marked as a placeholder: no source gave those weights and the board never
 *   set them.
 */
export const LEGACY_REASON = 'Set before trustboard recorded a reason for every change of status.';

/** The first template's weights, frozen here: this step must not change when the template does. */
const FIRST_TEMPLATE_WEIGHTS: Readonly<Record<string, number>> = {
	'crit-scope': 3,
	'crit-independence': 3,
	'crit-split': 2,
	'crit-principles': 2,
	'crit-focus': 2,
	'crit-partnering': 1,
	'crit-recruitment': 2,
	'crit-capability': 1,
	'crit-agility': 1,
	'crit-technology': 1,
	'crit-complexity': 2,
	'crit-market': 1,
	'crit-untested': 2,
	'crit-control': 2,
	'crit-procurement': 1,
	'crit-running-cost': 2,
	'crit-setup-cost': 1,
	'crit-vat': 1,
	'crit-shadow': 2
};

export function migrateStatusReasons(doc: Y.Doc): void {
	schema.roots(doc).criteria.forEach((value, id) => {
		if (value instanceof Y.Map && Object.hasOwn(FIRST_TEMPLATE_WEIGHTS, id) && value.get('weight') === FIRST_TEMPLATE_WEIGHTS[id])
			value.set('weightPlaceholder', true);
	});
	schema.roots(doc).models.forEach((value, id) => {
		if (!(value instanceof Y.Map)) return;
		const m = value as YMap;
		const legacy = m.get('discountReason');
		m.delete('discountReason');
		const status = m.get('status');
		const reason = typeof legacy === 'string' && legacy.trim() ? legacy : status !== 'longList' ? LEGACY_REASON : '';
		if (reason && typeof m.get('statusReason') !== 'string') m.set('statusReason', reason);
		if ((status === 'shortlisted' || status === 'preferred') && models.failedKnockouts(doc, id).length > 0) m.set('knockoutOverride', true);
	});
}
