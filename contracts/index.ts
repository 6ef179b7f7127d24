export * from './email';
export * from './orders';
export * from './signup';
export * from './workflows';
