export {
  SgsnGnDriver,
  type SgsnDriverOptions,
  type PdpContextParams,
  type PdpContext,
  type Outcome,
} from './gn-client.ts';
