export * from '../../net/transactions/gtp-transactions.ts';
