// Finance reports, written as SQL by the data team and pasted in: they join across every domain.
import { db } from '../lib/db.js';
import { formatCents, toInt } from '../lib/utils.js';
import { rawRows } from './raw-rows.js';

const SALES_BY_CATEGORY = `
  WITH paid_orders AS (
    SELECT o.id FROM orders o WHERE o.status IN ('paid', 'shipped', 'delivered')
  ),
  line_totals AS (
    SELECT oi.product_id, oi.quantity, oi.quantity * oi.unit_price_cents AS cents
    FROM order_items oi
    JOIN paid_orders po ON po.id = oi.order_id
  )
  SELECT c.id AS category_id, c.name AS category, COUNT(*) AS line_count, SUM(lt.quantity) AS units, SUM(lt.cents) AS revenue_cents
  FROM line_totals lt
  JOIN products p ON p.id = lt.product_id
  JOIN categories c ON c.id = p.category_id
  GROUP BY c.id, c.name
  ORDER BY revenue_cents DESC, c.id`;

const TOP_CUSTOMERS = `
  WITH customer_orders AS (
    SELECT o.user_id, COUNT(*) AS order_count, SUM(o.total_cents) AS ordered_cents
    FROM orders o
    WHERE o.status <> 'cancelled'
    GROUP BY o.user_id
  ),
  customer_payments AS (
    SELECT o.user_id, SUM(pay.amount_cents) AS paid_cents
    FROM payments pay
    JOIN orders o ON o.id = pay.order_id
    WHERE pay.status IN ('captured', 'refunded')
    GROUP BY o.user_id
  ),
  customer_refunds AS (
    SELECT o.user_id, SUM(r.amount_cents) AS refunded_cents
    FROM refunds r
    JOIN payments pay ON pay.id = r.payment_id
    JOIN orders o ON o.id = pay.order_id
    GROUP BY o.user_id
  )
  SELECT u.id, u.name, u.email, co.order_count, co.ordered_cents,
         COALESCE(cp.paid_cents, 0) AS paid_total, COALESCE(cr.refunded_cents, 0) AS refunded_total
  FROM users u
  JOIN customer_orders co ON co.user_id = u.id
  LEFT JOIN customer_payments cp ON cp.user_id = u.id
  LEFT JOIN customer_refunds cr ON cr.user_id = u.id
  ORDER BY paid_total DESC, u.id
  LIMIT ?`;

const BRAND_SCORECARD = `
  SELECT b.id, b.name, COUNT(DISTINCT p.id) AS product_count, COUNT(r.id) AS review_count, COALESCE(SUM(r.rating), 0) AS rating_sum
  FROM brands b
  JOIN products p ON p.brand_id = b.id
  LEFT JOIN reviews r ON r.product_id = p.id
  GROUP BY b.id, b.name
  ORDER BY b.id`;

export async function salesByCategory() {
  return rawRows(await db.raw(SALES_BY_CATEGORY)).map((r) => ({
    categoryId: toInt(r.category_id),
    category: String(r.category),
    lines: toInt(r.line_count),
    units: toInt(r.units),
    revenueCents: toInt(r.revenue_cents),
    revenue: formatCents(toInt(r.revenue_cents)),
  }));
}

export async function topCustomers(limit: number) {
  return rawRows(await db.raw(TOP_CUSTOMERS, [limit])).map((r) => ({
    userId: toInt(r.id),
    name: String(r.name),
    email: String(r.email),
    orders: toInt(r.order_count),
    orderedCents: toInt(r.ordered_cents),
    paidCents: toInt(r.paid_total),
    refundedCents: toInt(r.refunded_total),
  }));
}

export async function brandScorecard() {
  return rawRows(await db.raw(BRAND_SCORECARD)).map((r) => {
    const reviews = toInt(r.review_count);
    return {
      brandId: toInt(r.id),
      brand: String(r.name),
      products: toInt(r.product_count),
      reviews,
      averageRating: reviews === 0 ? null : Math.round((toInt(r.rating_sum) * 100) / reviews) / 100,
    };
  });
}
