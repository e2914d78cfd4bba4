// The isolated clouds a deployment serves (SPEC §1). Every tenant, identity and License ID belongs to one.
export const CLOUDS = ['public', 'gov-high', 'defense'] as const;
export type Cloud = (typeof CLOUDS)[number];
