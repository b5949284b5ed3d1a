export { Nat64Standin, type Nat64Fault, type Ipv4Network } from './nat64.ts';
