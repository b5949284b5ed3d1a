export * from '../../net/transactions/rate-limit.ts';
