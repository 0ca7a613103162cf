// The bench's writer, in its own process so it never shares an event loop with the applier: updates and
// inserts on `products` at a steady `rate` per second for `seconds` (or, with rate 0, as one burst of
// `count` changes). Prints {"changes": n} when done.
import { openKnex } from '../../common/open-knex.js';

const [url, rateArg, secondsArg, countArg] = process.argv.slice(2);
const rate = Number(rateArg);
const { knex } = openKnex(url);
let changes = 0;
try {
  if (rate === 0) {
    // Burst: whole-table updates, 1,000 rows a statement, until `count` changes are captured.
    const count = Number(countArg);
    while (changes < count) {
      await knex('products').where('id', '<=', 1000).update({ price: knex.raw('price + 1') });
      changes += 1000;
    }
  } else {
    const started = performance.now();
    const total = Math.round(rate * Number(secondsArg));
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (n % 5 === 4) await knex('products').insert({ sku: `W-${n}`, price: '1.00', in_stock: true, category_id: 1 });
      else await knex('products').where({ id: (n % 5000) + 1 }).update({ price: knex.raw('price + 1') });
      changes += 1;
    }
  }
  process.stdout.write(`${JSON.stringify({ changes })}\n`);
} finally {
  await knex.destroy();
}
