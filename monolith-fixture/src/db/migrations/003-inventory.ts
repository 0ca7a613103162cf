import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('warehouses', (t) => {
    t.increments('id');
    t.string('code', 10).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('city', 100).notNullable();
  });
  await knex.schema.createTable('stock_levels', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('warehouse_id').notNullable().references('id').inTable('warehouses');
    t.integer('quantity').notNullable();
    t.integer('reserved').notNullable().defaultTo(0);
    t.timestamp('updated_at').notNullable();
    t.unique(['product_id', 'warehouse_id']);
  });
  await knex.schema.createTable('stock_movements', (t) => {
    t.increments('id');
    t.integer('product_id').notNullable().references('id').inTable('products');
    t.integer('warehouse_id').notNullable().references('id').inTable('warehouses');
    t.integer('delta').notNullable();
    t.string('reason', 40).notNullable();
    // Not a foreign key: orders are created later in the migration order and movements outlive them.
    t.integer('order_id').nullable();
    t.timestamp('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('stock_movements');
  await knex.schema.dropTableIfExists('stock_levels');
  await knex.schema.dropTableIfExists('warehouses');
}
