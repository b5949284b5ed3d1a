export { Dns64, type Dns64Options } from './dns64.ts';
export { DNS64_FAULTS, isDns64Fault, type Dns64Fault } from './faults.ts';
export type { Dns64Names } from './records.ts';
