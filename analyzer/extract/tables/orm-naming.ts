// The table an ORM gives a model that names none, by each ORM's own default rule.
import inflection from 'inflection';

/** TypeORM's DefaultNamingStrategy (and typeorm-naming-strategies' SnakeNamingStrategy), MikroORM's UnderscoreNamingStrategy: `UserProfile` → `user_profile`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Sequelize without freezeTableName: the model name pluralised as Sequelize does (inflection): `User` → `Users`. */
export function sequelizePlural(name: string): string {
  return inflection.pluralize(name);
}
