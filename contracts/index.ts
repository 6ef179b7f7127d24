export * from './corrections';
export * from './email';
export * from './logins';
export * from './orders';
export * from './signup';
export * from './workflows';
