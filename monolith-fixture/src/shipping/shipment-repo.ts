// Shipments, on the generic repository.
import { BaseRepository } from '../lib/base-repository.js';
import { toInt, toIso } from '../lib/utils.js';

export interface ShipmentRow {
  id: number;
  order_id: number;
  carrier: string;
  tracking_number: string;
  status: string;
  shipped_at: unknown;
  delivered_at: unknown;
  created_at: unknown;
}

export function toShipment(row: ShipmentRow) {
  return {
    id: toInt(row.id),
    orderId: toInt(row.order_id),
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    status: row.status,
    shippedAt: toIso(row.shipped_at),
    deliveredAt: toIso(row.delivered_at),
    createdAt: toIso(row.created_at),
  };
}

class ShipmentRepository extends BaseRepository<ShipmentRow> {
  constructor() {
    super('shipments');
  }

  forOrder(orderId: number): Promise<ShipmentRow[]> {
    return this.listWhere({ order_id: orderId }, { limit: 100, offset: 0 });
  }

  async create(orderId: number, carrier: string, trackingNumber: string): Promise<number> {
    const now = new Date().toISOString();
    return this.insert({ order_id: orderId, carrier, tracking_number: trackingNumber, status: 'in_transit', shipped_at: now, created_at: now });
  }

  async markDelivered(id: number): Promise<void> {
    await this.update(id, { status: 'delivered', delivered_at: new Date().toISOString() });
  }
}

export const shipments = new ShipmentRepository();
