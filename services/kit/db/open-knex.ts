// The kit's database opener is ficus's one URL → knex config; re-exported here for services.
export * from '../../../common/open-knex.js';
