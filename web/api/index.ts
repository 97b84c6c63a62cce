export * from './apps';
export * from './auth';
export * from './client';
export * from './forms';
export * from './records';
export type * from './types';
