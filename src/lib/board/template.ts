import type * as Y from 'yjs';
import * as criteria from './criteria.ts';
import * as models from './models.ts';
import * as schema from './schema.ts';
import * as scope from './scope.ts';
import type { ColumnRole } from './schema.ts';
import type { ScopeColumnSpec } from './scope.ts';

/**
 * Starting content for a shadow trust board, drawn from the domain brief.
 * Every id is fixed, so applying the template twice - or on two clients at the
 * same moment - lands on the same entries instead of duplicating them. Budgets,
 * staff numbers and scores are deliberately blank: the board fills them in.
 */

export type TemplateName = 'blank' | 'shadow-trust';

const COLOUR = {
	green: '#34d399',
	blue: '#60a5fa',
	purple: '#a78bfa',
	grey: '#9ca3af',
	amber: '#fbbf24',
	teal: '#2dd4bf',
	pink: '#f472b6',
	orange: '#fb923c'
} as const;

export const TEMPLATE_COLUMN_IDS: Readonly<Record<ColumnRole, string>> = {
	service: 'col-service',
	area: 'col-area',
	decision: 'col-decision',
	statutoryBasis: 'col-statutory',
	budget: 'col-budget',
	staff: 'col-staff',
	lead: 'col-lead',
	consultation: 'col-consultation',
	risk: 'col-risk',
	rationale: 'col-rationale',
	notes: 'col-notes'
};

const AREAS = [
	{ id: 'area-front-door', label: 'Front door and early help', colour: COLOUR.teal },
	{ id: 'area-protection', label: 'Assessment and protection', colour: COLOUR.orange },
	{ id: 'area-care', label: 'Children in care and placements', colour: COLOUR.blue },
	{ id: 'area-specialist', label: 'Specialist services', colour: COLOUR.pink },
	{ id: 'area-support', label: 'Workforce and support services', colour: COLOUR.purple },
	{ id: 'area-retained', label: 'Council and partnership roles', colour: COLOUR.grey }
] as const;

export const SCOPE_COLUMNS: readonly ScopeColumnSpec[] = [
	{ id: TEMPLATE_COLUMN_IDS.service, name: 'Service', type: 'text', role: 'service' },
	{ id: TEMPLATE_COLUMN_IDS.area, name: 'Area', type: 'select', role: 'area', options: AREAS },
	{
		id: TEMPLATE_COLUMN_IDS.decision,
		name: 'Scope decision',
		type: 'select',
		role: 'decision',
		options: [
			{ id: 'transfer', label: 'Transfer to trust', colour: COLOUR.green },
			{ id: 'retain', label: 'Retain in council', colour: COLOUR.blue },
			{ id: 'shared', label: 'Shared or bought back', colour: COLOUR.purple },
			{ id: schema.UNDECIDED_OPTION_ID, label: 'Undecided', colour: COLOUR.grey }
		]
	},
	{ id: TEMPLATE_COLUMN_IDS.statutoryBasis, name: 'Statutory basis', type: 'text', role: 'statutoryBasis' },
	{ id: TEMPLATE_COLUMN_IDS.budget, name: 'Budget (£k)', type: 'currency', unit: 'thousands', role: 'budget' },
	{ id: TEMPLATE_COLUMN_IDS.staff, name: 'Staff (FTE)', type: 'number', role: 'staff' },
	{ id: TEMPLATE_COLUMN_IDS.lead, name: 'Lead', type: 'member', role: 'lead' },
	{
		id: TEMPLATE_COLUMN_IDS.consultation,
		name: 'Consultation',
		type: 'select',
		role: 'consultation',
		options: [
			{ id: 'cons-not-started', label: 'Not started', colour: COLOUR.grey },
			{ id: 'cons-planned', label: 'Planned', colour: COLOUR.blue },
			{ id: 'cons-under-way', label: 'Under way', colour: COLOUR.amber },
			{ id: 'cons-complete', label: 'Complete', colour: COLOUR.green }
		]
	},
	{ id: TEMPLATE_COLUMN_IDS.risk, name: 'Risk', type: 'rag', role: 'risk' },
	{ id: TEMPLATE_COLUMN_IDS.rationale, name: 'Rationale', type: 'longText', role: 'rationale' },
	{ id: TEMPLATE_COLUMN_IDS.notes, name: 'Notes', type: 'longText', role: 'notes' }
];

type Area = (typeof AREAS)[number]['id'];
type Decision = 'transfer' | 'retain' | 'shared' | typeof schema.UNDECIDED_OPTION_ID;

interface ServiceRow {
	readonly id: string;
	readonly service: string;
	readonly area: Area;
	readonly decision: Decision;
	readonly statutoryBasis?: string;
	readonly notes?: string;
	/** The law keeps it with the council: setting it to transfer needs the chair's override. */
	readonly retainedByLaw?: boolean;
}

const CA1989 = 'Children Act 1989, Part III and Schedule 2';

/**
 * Illustrative scope rows. Like the September 2016 draft scope, every decision is a proposal for consultation
 * (no state is stored, so each reads as proposed); values are pre-filled only where the sources state them.
 */
export const SCOPE_ROWS: readonly ServiceRow[] = [
	{
		id: 'svc-front-door',
		service: 'Front door / multi-agency safeguarding hub',
		area: 'area-front-door',
		decision: 'transfer',
		statutoryBasis: CA1989
	},
	{ id: 'svc-early-help', service: 'Early help and family support', area: 'area-front-door', decision: schema.UNDECIDED_OPTION_ID },
	{ id: 'svc-assessment', service: 'Assessment and child in need', area: 'area-protection', decision: 'transfer', statutoryBasis: CA1989 },
	{
		id: 'svc-child-protection',
		service: 'Child protection',
		area: 'area-protection',
		decision: 'transfer',
		statutoryBasis: 'Children Act 1989'
	},
	{
		id: 'svc-iro',
		service: 'Independent reviewing officers and conference chairs',
		area: 'area-protection',
		decision: schema.UNDECIDED_OPTION_ID
	},
	{ id: 'svc-lado', service: 'Local authority designated officer (LADO)', area: 'area-protection', decision: schema.UNDECIDED_OPTION_ID },
	{ id: 'svc-children-in-care', service: 'Children in care', area: 'area-care', decision: 'transfer', statutoryBasis: 'Children Act 1989' },
	{ id: 'svc-fostering', service: 'Fostering', area: 'area-care', decision: 'transfer', statutoryBasis: 'Children Act 1989' },
	{ id: 'svc-adoption', service: 'Adoption', area: 'area-care', decision: 'transfer', statutoryBasis: 'Adoption and Children Act 2002' },
	{ id: 'svc-residential', service: "Residential children's homes", area: 'area-care', decision: 'transfer' },
	{
		id: 'svc-care-leavers',
		service: 'Care leavers',
		area: 'area-care',
		decision: 'transfer',
		statutoryBasis: 'Children Act 1989; Children and Families Act 2014'
	},
	{ id: 'svc-placements', service: 'Placement commissioning', area: 'area-care', decision: schema.UNDECIDED_OPTION_ID },
	{ id: 'svc-disabled', service: "Disabled children's social care", area: 'area-specialist', decision: 'transfer', statutoryBasis: CA1989 },
	{ id: 'svc-youth-offending', service: 'Youth offending', area: 'area-specialist', decision: schema.UNDECIDED_OPTION_ID },
	{ id: 'svc-academy', service: 'Social work academy / workforce development', area: 'area-support', decision: schema.UNDECIDED_OPTION_ID },
	{ id: 'svc-business-support', service: 'Business support', area: 'area-support', decision: schema.UNDECIDED_OPTION_ID },
	{
		id: 'svc-corporate',
		service: 'HR, finance, IT and legal support',
		area: 'area-support',
		decision: schema.UNDECIDED_OPTION_ID,
		notes: "The trust's own, or bought back from the council"
	},
	{ id: 'svc-education', service: 'Education services', area: 'area-retained', decision: 'retain' },
	{
		id: 'svc-dcs-lead-member',
		service: "Director of Children's Services and Lead Member roles",
		area: 'area-retained',
		decision: 'retain',
		statutoryBasis: 'Children Act 2004, sections 18 and 19',
		notes: 'Statutory roles stay with the council, which remains the body Ofsted inspects',
		retainedByLaw: true
	},
	{
		id: 'svc-client-role',
		service: 'Client and contract management of the trust',
		area: 'area-retained',
		decision: 'retain',
		notes: 'The trust runs services through a contract with the council, which stays accountable for outcomes'
	},
	{
		id: 'svc-safeguarding-board',
		service: "Safeguarding children board's role",
		area: 'area-retained',
		decision: 'retain',
		statutoryBasis: 'Children Act 2004',
		notes: 'Keeps its role in making sure agencies co-operate to safeguard children; the trust becomes one of those agencies'
	},
	{
		id: 'svc-corporate-parenting',
		service: 'Corporate parenting',
		area: 'area-retained',
		decision: 'retain',
		notes: 'Every councillor remains a corporate parent; senior trust managers report to the scrutiny committee'
	}
];

export const CRITERION_GROUPS = [
	{ id: 'grp-strategic', name: 'Strategic objectives' },
	{ id: 'grp-root-causes', name: 'Root causes' },
	{ id: 'grp-risk', name: 'Risk' },
	{ id: 'grp-affordability', name: 'Affordability' },
	{ id: 'grp-pace', name: 'Pace' }
] as const;

const HIGHER_IS_SAFER = 'Higher score = lower risk.';
/**
 * No source gives criterion weights: every weighted criterion starts at 1 and
 * is marked as a placeholder until the board sets it.
 */
const PLACEHOLDER = 1;
const STRATEGIC_GATE =
	'Gate: a model scoring 0 (cannot meet this objective) is ruled out, as the September 2016 report ruled out the in-house option on the strategic objectives (5.2.6, 6.2). Give it a weight to score it instead.';

/**
 * The criteria the sources name. The four strategic objectives are gates (the
 * report used them to rule options out), and VAT recovery in the timeframe is a
 * gate under pace (5.7), not a weighted cost.
 */
export const CRITERIA = [
	{
		id: 'crit-scope',
		groupId: 'grp-strategic',
		name: 'Accommodates the agreed scope',
		weight: 0,
		knockout: true,
		threshold: 1,
		description: STRATEGIC_GATE
	},
	{
		id: 'crit-independence',
		groupId: 'grp-strategic',
		name: 'Provides independence',
		weight: 0,
		knockout: true,
		threshold: 1,
		description: STRATEGIC_GATE
	},
	{
		id: 'crit-split',
		groupId: 'grp-strategic',
		name: 'Commissioner / provider split',
		weight: 0,
		knockout: true,
		threshold: 1,
		description: STRATEGIC_GATE
	},
	{
		id: 'crit-principles',
		groupId: 'grp-strategic',
		name: "Reflects the council's six design principles",
		weight: 0,
		knockout: true,
		threshold: 1,
		description: `One principle: the financial plan holds to at least 2020. ${STRATEGIC_GATE}`
	},
	{ id: 'crit-focus', groupId: 'grp-root-causes', name: 'Focus on children', weight: PLACEHOLDER },
	{ id: 'crit-partnering', groupId: 'grp-root-causes', name: 'Partnering and commissioning', weight: PLACEHOLDER },
	{
		id: 'crit-recruitment',
		groupId: 'grp-root-causes',
		name: 'Recruitment and retention',
		weight: PLACEHOLDER,
		description: 'Pay, conditions and reputation.'
	},
	{ id: 'crit-capability', groupId: 'grp-root-causes', name: 'Workforce capability', weight: PLACEHOLDER },
	{ id: 'crit-agility', groupId: 'grp-root-causes', name: 'Organisational agility', weight: PLACEHOLDER },
	{ id: 'crit-technology', groupId: 'grp-root-causes', name: 'Technology, digital and analytics', weight: PLACEHOLDER },
	{ id: 'crit-complexity', groupId: 'grp-risk', name: 'Complexity', weight: PLACEHOLDER, description: HIGHER_IS_SAFER },
	{ id: 'crit-market', groupId: 'grp-risk', name: 'Market gaps', weight: PLACEHOLDER, description: HIGHER_IS_SAFER },
	{ id: 'crit-untested', groupId: 'grp-risk', name: 'Untested model', weight: PLACEHOLDER, description: HIGHER_IS_SAFER },
	{
		id: 'crit-control',
		groupId: 'grp-risk',
		name: 'Control and accountability',
		weight: PLACEHOLDER,
		description: 'Can the council step in if it must? Higher score = more assurance.'
	},
	{
		id: 'crit-procurement',
		groupId: 'grp-risk',
		name: 'Exposure to open procurement at contract end',
		weight: PLACEHOLDER,
		description: `When the first three-year contract ends. ${HIGHER_IS_SAFER}`
	},
	{
		id: 'crit-running-cost',
		groupId: 'grp-affordability',
		name: 'Relative cost',
		weight: PLACEHOLDER,
		description: 'Higher score = more affordable.'
	},
	{
		id: 'crit-setup-cost',
		groupId: 'grp-affordability',
		name: 'One-off set-up cost',
		weight: PLACEHOLDER,
		description: 'Higher score = cheaper to set up.'
	},
	{ id: 'crit-shadow', groupId: 'grp-pace', name: 'Running in shadow form by April 2017', weight: PLACEHOLDER },
	{
		id: 'crit-vat',
		groupId: 'grp-pace',
		name: 'VAT recoverable within the timeframe',
		weight: 0,
		knockout: true,
		threshold: 1,
		description:
			'Gate tied to pace: models unlikely to recover VAT in time for shadow form by April 2017 were ruled out (report 5.7). Score 0 if VAT could not be recovered in time.'
	}
] as const;

const ILLUSTRATIVE = 'Illustrative: a common delivery model not named in the source papers.';

/**
 * The models the sources name, each described only by what the sources say of
 * it, then common models marked illustrative. The consultants listed 19 models;
 * the sources name these nine (counting the "best fit" hybrid).
 */
export const MODELS = [
	{
		id: 'model-in-house',
		name: 'In-house',
		description:
			'Ruled out in the September 2016 report: it cannot meet the strategic objectives, as there would be no independent delivery (5.2.6, 6.2).'
	},
	{
		id: 'model-in-house-commissioners',
		name: 'In-house with executive commissioners',
		description: 'One of the 19 models the consultants listed.'
	},
	{ id: 'model-shared-service', name: 'Shared service with another council', description: 'One of the 19 models the consultants listed.' },
	{ id: 'model-council-company', name: 'Wholly owned council company', description: 'Shortlisted in September 2016 (report 2.2, 5.5).' },
	{
		id: 'model-mutual',
		name: 'Employee-owned mutual',
		description:
			'Shortlisted in September 2016 (report 2.2, 5.5); later rejected as untested, possibly "too independent" for the council to step in, and costly and complex to set up.'
	},
	{
		id: 'model-council-cic',
		name: 'Community interest company wholly owned by the council',
		description:
			'The option later recommended (January 2017), with the structure of Achieving for Children. The report allows either shortlisted model to become a CIC (5.6).'
	},
	{
		id: 'model-cic',
		name: 'Community interest company (CIC)',
		description: 'A company whose income, assets and profits must benefit the community it serves (report 5.6), not owned by the council.'
	},
	{
		id: 'model-voluntary-trust',
		name: "Independent children's trust",
		description:
			'A trust outside the council, set up voluntarily. The report uses "trust" for every model it appraised; this row is the independent kind.'
	},
	{
		id: 'model-best-fit',
		name: '"Best fit" hybrid of the shortlisted models',
		description: 'Combining elements of the "pure" models, to be considered at design stage (report 5.6).'
	},
	{ id: 'model-joint-venture', name: 'Joint venture with a voluntary or private partner', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-outsourcing', name: 'Outsourcing to an external provider', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-partnership', name: 'Strategic partnership with a high-performing council', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-charitable-trust', name: 'Charitable trust', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-regional-trust', name: 'Regional or combined-authority trust', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-llp', name: 'Limited liability partnership (LLP)', description: ILLUSTRATIVE, illustrative: true },
	{ id: 'model-cooperative', name: 'Co-operative', description: ILLUSTRATIVE, illustrative: true }
] as const;

/** Shown above the model grid and in papers: where the rows come from, and that weights are the board's to set. */
export const APPRAISAL_NOTE =
	'The consultants appraised 19 delivery models; the sources name the first nine rows here. Rows marked Illustrative are common models added for discussion, not taken from the sources. No source gives criterion weights: every weight starts at 1 as a placeholder for the board to set.';

/**
 * Add the template's columns, groups and (for 'shadow-trust') rows, criteria
 * and models, skipping anything whose id is already present.
 */
export function applyTemplate(doc: Y.Doc, template: TemplateName = 'shadow-trust'): void {
	doc.transact(() => {
		const r = schema.roots(doc);
		for (const column of SCOPE_COLUMNS) if (!r.scopeColumns.has(column.id ?? '')) scope.addColumn(doc, column);
		for (const group of CRITERION_GROUPS) if (!r.criterionGroups.has(group.id)) criteria.addGroup(doc, group.name, undefined, group.id);
		if (template === 'blank') return;
		const c = TEMPLATE_COLUMN_IDS;
		for (const row of SCOPE_ROWS) {
			if (r.scopeRows.has(row.id)) continue;
			const values: Record<string, string> = {
				[c.service]: row.service,
				[c.area]: row.area,
				[c.decision]: row.decision
			};
			if (row.statutoryBasis) values[c.statutoryBasis] = row.statutoryBasis;
			if (row.notes) values[c.notes] = row.notes;
			scope.addRow(doc, { id: row.id, values, retainedByLaw: row.retainedByLaw });
		}
		for (const criterion of CRITERIA)
			if (!r.criteria.has(criterion.id)) criteria.add(doc, { ...criterion, weightPlaceholder: criterion.weight > 0 });
		for (const model of MODELS) if (!r.models.has(model.id)) models.add(doc, model);
		if (!r.meta.has('appraisalNote')) criteria.setAppraisalNote(doc, APPRAISAL_NOTE);
	});
}
