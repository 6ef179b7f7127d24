export * from './email';
export * from './workflows';
