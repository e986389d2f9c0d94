/** The two databases trustboard stores in; migrations and queries branch on it where their SQL differs. */
export type Dialect = 'sqlite' | 'postgres';
