import type { Request, RequestHandler, Response } from 'express';
import type { OrderModel } from '../../orders/order-model';
import type { ApiAnswer, ApiErrorBody } from './api-call';
import type { RenderPage } from './render';

/** What every page module gets from `pageRoutes`. */
export interface PageDeps {
  render: RenderPage;
  /** Body parser and CSRF check of the pages' form posts. */
  forms: RequestHandler[];
  /** An API refusal that leaves the page nothing to show (unknown link, expired step…), as a page. */
  renderApiError: (req: Request, res: Response, answer: ApiAnswer<ApiErrorBody>) => void;
  /** Orders, read to show what was bought once the API has let the request in. */
  orders: OrderModel;
}
