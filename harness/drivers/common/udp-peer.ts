export * from '../../net/transactions/udp-peer.ts';
