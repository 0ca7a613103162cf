// Inventory table names; checkout imports STOCK_LEVELS too.
export const WAREHOUSES = 'warehouses';
export const STOCK_LEVELS = 'stock_levels';
export const STOCK_MOVEMENTS = 'stock_movements';
