import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log only errors (expected activity failures would fill the output).
Runtime.install({ logger: new DefaultLogger('ERROR') });
