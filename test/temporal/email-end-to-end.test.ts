import { Client } from '@temporalio/client';
import { deliverEmailWorkflowId, type EmailRequest } from '../../contracts';
import { createTemporalClient } from '../../temporal/client';
import { createTemporalWorker } from '../../workers/temporal-worker';
import { EmailHarness } from '../support/email-harness';
import { quietTemporalRuntime } from '../support/temporal';

describe('client → workflow → activity → outbox → mail, on the real Temporal dev server', () => {
  const harness = new EmailHarness();
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('delivers the e-mail of a deliverEmail run, and history holds only encrypted payloads', async () => {
    quietTemporalRuntime();
    const config = harness.config;
    const { client, connection } = createTemporalClient(config);
    const { worker, close } = await createTemporalWorker(config, { mongo: harness.mongo, redis: harness.redis, queuePrefix: harness.prefix });
    const request: EmailRequest = {
      key: `signup-${Date.now()}:registration-confirmed`,
      template: 'registration-confirmed',
      to: 'giulia.bianchi@example.it',
      locale: 'it',
      data: { displayName: 'Giulia Bianchi', username: '3456789@aruba.it' },
    };
    const workflowId = deliverEmailWorkflowId(request.key);

    try {
      const receipt = await worker.runUntil(
        client.workflow.execute('deliverEmail', { args: [request], workflowId, taskQueue: config.TEMPORAL_TASK_QUEUE }),
      );
      expect(receipt).toMatchObject({ status: 'sent' });

      const [mail] = await harness.sink.waitForMessages(1);
      expect(mail!.envelopeTo).toEqual(['giulia.bianchi@example.it']);
      expect(mail!.parsed.subject).toBe('Conferma iscrizione');
      expect(mail!.parsed.text).toContain('3456789@aruba.it');
      expect((await harness.outbox.findByKey(request.key))!.status).toBe('sent');

      // Read the history as the server stores it: without the codec.
      const raw = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
      const history = await raw.workflow.getHandle(workflowId).fetchHistory();
      const serialized = JSON.stringify(history);
      expect(serialized).not.toContain('giulia');
      expect(serialized).not.toContain('Bianchi');
      expect(serialized).not.toContain('3456789');
      const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
      const input = started.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(input.metadata!['encryption-key-id']!).toString()).toMatch(/^sha256:[0-9a-f]{16}$/);
    } finally {
      await close();
      await connection.close();
    }
  });
});
