export { InternetStandin } from './internet.ts';
export type { InternetHosts } from './hosts.ts';
