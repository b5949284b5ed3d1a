export { Upf, type UpfConfig } from './upf.ts';
export { UPF_FAULTS, isUpfFault, type UpfFault } from './faults.ts';
