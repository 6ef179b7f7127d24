export * from './email';
export * from './signup';
export * from './workflows';
