export * from '../../net/transactions/pfcp-cp.ts';
