import type { Client } from '@temporalio/client';
import { personForm } from '../support/registration-samples';
import { startedOrder } from '../support/orders';
import { SystemHarness } from '../support/system-harness';

const PASSWORD = 'Tramonto-Sul-Lago-42';

/** Every run an operator lists (visibility is eventually consistent: poll until the query answers). */
async function idsOf(client: Client, query: string, expected: string, timeoutMs = 15_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ids: string[] = [];
    for await (const run of client.workflow.list({ query })) ids.push(run.workflowId);
    if (ids.includes(expected) || Date.now() > until) return ids;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Operators find runs in the Temporal UI by journey, step and order, and nothing personal is in what they search or read at a glance. */
describe('runs as operators find them, on the real Temporal dev server', () => {
  const system = new SystemHarness();
  beforeAll(() => system.startSystem(), 60_000);
  afterAll(() => system.stop());

  it('lists signups waiting for a password, then finds the same run completed', async () => {
    const form = { ...personForm, email: 'operatore-vede@example.it', emailConfirmation: 'operatore-vede@example.it' };
    const { body } = await system.request('POST', '/api/v1/signups', form);
    const workflowId = `signup-${body.signupId}`;
    const client = system.temporal.client;
    expect(await idsOf(client, `Journey = 'signup' AND Step = 'password'`, workflowId)).toContain(workflowId);
    await system.request('POST', `/api/v1/signups/${body.signupId}/password`, { password: PASSWORD, passwordConfirmation: PASSWORD });
    expect(await idsOf(client, `Journey = 'signup' AND Step = 'completed'`, workflowId)).toContain(workflowId);

    const description = await client.workflow.getHandle(workflowId).describe();
    const visible = JSON.stringify({ id: workflowId, attributes: description.typedSearchAttributes, summary: await description.staticSummary() });
    expect(await description.staticSummary()).toMatch(/signup/i);
    for (const personal of [form.email, form.holder.firstName, form.holder.lastName, form.holder.taxCode, form.phone, body.username]) expect(visible).not.toContain(personal);
  });

  it("lists orders whose buyer has not registered, by the order's id", async () => {
    const orderId = `ORD-OPS-${Date.now()}`;
    await startedOrder(system, orderId, { items: [{ sku: 'HOST-1', name: 'Hosting Linux Easy', durationMonths: 12 }], buyerEmail: 'compratore@example.it' });
    const workflowId = `order-${orderId}`;
    const ids = await idsOf(system.temporal.client, `Journey = 'first-purchase' AND Step = 'form' AND OrderId = '${orderId}'`, workflowId);
    expect(ids).toEqual([workflowId]);
  });

  it('every run answers a state query', async () => {
    const { body } = await system.request('POST', '/api/v1/signups', personForm);
    const state = await system.temporal.client.workflow.getHandle(`signup-${body.signupId}`).query('state');
    expect(state).toMatchObject({ step: 'password' });
  });
});
