// Writes a SQLite "monolith" with `rows` products (about 120 bytes each) and a categories table.
import Database from 'better-sqlite3';

/** Creates the database at `file` (which must not exist yet). */
export function generateSource(file: string, rows: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`create table categories (id integer primary key, name varchar(80) not null);
           create table products (id integer primary key, sku varchar(32) not null, name text not null,
             price float not null, in_stock boolean not null, updated_at datetime,
             category_id integer not null references categories(id));`);
  const cat = db.prepare('insert into categories (id, name) values (?, ?)');
  const prod = db.prepare('insert into products values (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let c = 1; c <= 50; c++) cat.run(c, `Category ${c}`);
    for (let i = 1; i <= rows; i++) {
      prod.run(i, `SKU-${i}`, `Ficus benjamina, ${i % 300} cm, glazed pot number ${i}`, (i % 1000) / 10 + 0.5, i % 3 === 0 ? 1 : 0, `2024-0${(i % 9) + 1}-1${i % 10} 10:00:00`, (i % 50) + 1);
    }
  })();
  db.close();
}
