/**
 * The SMF's pre-flight probe (an h2c Retrieve SM Context of an unknown context, TS 29.502
 * §6.1.3.3.4) lives in net/sbi, where the docker lab's health check uses it too.
 */
export { SM_CONTEXT_PROBE_PATH, sbiProbe } from '../../net/sbi/sm-context-probe.ts';
