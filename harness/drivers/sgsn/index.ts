export {
  SgsnGnDriver,
  accepted,
  type SgsnDriverOptions,
  type PdpContextParams,
  type PdpContext,
  type Outcome,
} from './gn-client.ts';
