import type { PfcpIe } from './index.ts';

/**
 * Grouped IEs (TS 29.244 §8.1.2; type numbers per Table 8.1.2-1, contents in the tables of §7.5.2-
 * §7.5.7): a grouped IE's value is a list of IEs.
 */
export const GROUPED = {
  'create-pdr': 1,
  pdi: 2,
  'create-far': 3,
  'forwarding-parameters': 4,
  'duplicating-parameters': 5,
  'create-urr': 6,
  'create-qer': 7,
  'created-pdr': 8,
  'update-pdr': 9,
  'update-far': 10,
  'update-forwarding-parameters': 11,
  'update-urr': 13,
  'update-qer': 14,
  'remove-pdr': 15,
  'remove-far': 16,
  'remove-urr': 17,
  'remove-qer': 18,
} as const;

export type GroupedName = keyof typeof GROUPED;

export interface GroupedIe<K extends GroupedName = GroupedName> {
  ie: K;
  ies: PfcpIe[];
}
