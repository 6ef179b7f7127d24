import { allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { FirstPurchaseOptions, OrderCompleted, OrderRegistrationOutcome, OrderRegistrationState } from '../../contracts';
import { conflict, Registration } from '../registration/registration';
import { StepAttribute } from '../step-attribute';
import { boundedActivityOptions } from '../activity-options';
import { associateOrder, orderRegistrationState, passwordContext, setPassword, submitForm } from './first-purchase-messages';

const { recordOrder, attachServices, markOrderRegistered, markOrderExpired, releaseSignup, enqueueEmail } = proxyActivities<Activities>(boundedActivityOptions);

/**
 * `firstPurchaseRegistration` (id `order-<orderId>`): an order completed for a buyer without an
 * account. The buyer either registers (REGISTRATI: the signup's own steps) or, signed in, gives the
 * order to an existing login; either way the order's items become services of that login. A buyer
 * who does neither is reminded, and at the deadline the order is marked `registration_expired`:
 * nothing about it is dropped. An association is told to `buyerEmail`, so a buyer whose link a
 * stranger used finds out.
 */
export async function firstPurchaseRegistration(order: OrderCompleted, options: FirstPurchaseOptions): Promise<OrderRegistrationOutcome> {
  const flowId = workflowInfo().workflowId;
  const stepAttribute = new StepAttribute('form');
  const registration = new Registration({ flowKey: flowId, flowId, origin: 'first-purchase', usernameDomain: options.usernameDomain, stepAttribute });
  let association: Promise<{ orderId: string; username: string }> | undefined;
  let associatedWith: string | undefined;
  let expired = false;

  const attach = async (username: string, profileId: string, via: 'registration' | 'association') => {
    await attachServices({ order, username, profileId });
    await markOrderRegistered({ orderId: order.orderId, username, via, order });
  };

  setHandler(orderRegistrationState, (): OrderRegistrationState => {
    if (associatedWith) return { step: 'completed', username: associatedWith, via: 'association', next: 'none' };
    if (expired) return { step: 'expired', next: 'none' };
    const step = registration.step;
    return {
      step,
      username: registration.username,
      via: step === 'completed' ? 'registration' : undefined,
      next: step === 'form' ? 'register_or_associate' : step === 'password' ? 'set_password' : 'none',
    };
  });
  setHandler(passwordContext, () => registration.passwordContext());
  setHandler(submitForm, (form) => registration.accept(form), {
    validator: (form) => {
      if (association || expired) throw conflict('order_already_registered', 'the order already has its login, or expired');
      registration.validateForm(form);
    },
  });
  setHandler(setPassword, ({ passwordHash }) => registration.activate(passwordHash, (username) => attach(username, registration.profileId, 'registration')), {
    validator: (_password) => registration.validatePassword(),
  });
  setHandler(
    associateOrder,
    (login) => {
      association ??= attach(login.username, login.profileId, 'association').then(() => {
        associatedWith = login.username;
        stepAttribute.report('completed');
        return { orderId: order.orderId, username: login.username };
      });
      return association;
    },
    {
      validator: (_login) => {
        if (expired) throw conflict('signup_expired', 'the order expired without registration');
        if (registration.step !== 'form') throw conflict('registration_in_progress', 'a registration for this order is in progress');
      },
    },
  );

  await recordOrder(order);
  const settled = () => registration.step === 'completed' || registration.step === 'failed' || associatedWith !== undefined;
  if (!(await condition(settled, options.reminderAfterMs)) && order.buyerEmail && !registration.activating && !association) {
    await enqueueEmail({
      key: `${flowId}:registration-reminder`,
      template: 'registration-reminder',
      to: order.buyerEmail,
      locale: 'it',
      data: { orderId: order.orderId, registrationUrl: options.registrationUrl },
    });
  }
  if (!(await condition(settled, Math.max(options.expiresAfterMs - options.reminderAfterMs, 0)))) {
    const late = registration.activating ?? association;
    if (late) {
      await late; // a registration or association that arrived at the deadline is finished, not dropped
    } else {
      await condition(() => registration.step !== 'creating');
      expired = true;
      registration.moveTo('expired');
      await releaseSignup({ profileId: registration.profileId, username: registration.username });
      await markOrderExpired(order.orderId);
    }
  }
  if (registration.step === 'failed' && registration.ownsProfile) await releaseSignup({ profileId: registration.profileId, username: registration.username });
  // Runs recorded before the notice existed replay without it (test/workflows/replay.test.ts).
  if (associatedWith && order.buyerEmail && patched('order-associated-notice')) {
    await enqueueEmail({
      key: `${flowId}:order-associated`,
      template: 'order-associated',
      to: order.buyerEmail,
      locale: 'it',
      data: { orderId: order.orderId, username: associatedWith },
    });
  }
  await condition(allHandlersFinished);
  // A registration that failed for good fails the order's run visibly; the order itself stays as recorded.
  if (registration.step === 'failed') throw registration.failure!;
  if (associatedWith) return { status: 'associated', username: associatedWith };
  return registration.step === 'completed' ? { status: 'registered', username: registration.username } : { status: 'expired' };
}
