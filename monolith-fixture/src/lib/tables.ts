// Table names of the order and payment areas, in one place so renames are one edit.
export const T = {
  ORDERS: 'orders',
  ORDER_ITEMS: 'order_items',
  ORDER_STATUS_HISTORY: 'order_status_history',
  COUPONS: 'coupons',
  PAYMENTS: 'payments',
  REFUNDS: 'refunds',
} as const;
