export { Hss, type HssOptions } from './hss.ts';
export { HSS_FAULTS, isHssFault, type HssFault } from './faults.ts';
export type { SubscriberRecord } from './subscriber-data.ts';
