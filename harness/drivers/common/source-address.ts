export * from '../../net/transactions/source-address.ts';
