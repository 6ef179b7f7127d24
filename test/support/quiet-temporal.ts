import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log only warnings and errors.
Runtime.install({ logger: new DefaultLogger('WARN') });
