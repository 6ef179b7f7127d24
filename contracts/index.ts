export * from './corrections';
export * from './display-name';
export * from './email';
export * from './logins';
export * from './orders';
export * from './signup';
export * from './workflows';
export * from './retention';
