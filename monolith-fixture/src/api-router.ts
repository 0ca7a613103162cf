// Everything under /api, one sub-router per area.
import { Router } from 'express';
import { authRouter } from './accounts/auth-routes.js';
import { userRouter } from './accounts/user-routes.js';
import { cartRouter } from './cart/cart-routes.js';
import { brandRouter } from './catalog/brand-routes.js';
import { categoryRouter } from './catalog/category-routes.js';
import { productRouter } from './catalog/product-routes.js';
import { searchRouter } from './catalog/search-routes.js';
import { inventoryRouter } from './inventory/inventory-routes.js';
import { handleNotFound } from './lib/error-handler.js';
import { notificationRouter } from './notifications/notification-routes.js';
import { couponRouter } from './orders/coupon-routes.js';
import { orderRouter } from './orders/order-routes.js';
import { paymentRouter } from './payments/payment-controller.js';
import { reportRouter } from './reporting/report-routes.js';
import { reviewRouter } from './reviews/review-routes.js';
import { shippingRouter } from './shipping/shipping-routes.js';

export const apiRouter = Router();

apiRouter.use('/auth', authRouter);
apiRouter.use('/users', userRouter);
apiRouter.use('/products', productRouter);
apiRouter.use('/categories', categoryRouter);
apiRouter.use('/brands', brandRouter);
apiRouter.use('/search', searchRouter);
apiRouter.use('/inventory', inventoryRouter);
apiRouter.use('/cart', cartRouter);
apiRouter.use('/orders', orderRouter);
apiRouter.use('/coupons', couponRouter);
apiRouter.use('/payments', paymentRouter);
apiRouter.use('/shipping', shippingRouter);
apiRouter.use('/reviews', reviewRouter);
apiRouter.use('/notifications', notificationRouter);
apiRouter.use('/reports', reportRouter);
apiRouter.use(handleNotFound);
