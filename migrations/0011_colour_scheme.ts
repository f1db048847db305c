import type { Dialect, Migration } from './helpers.ts';

/**
 * Each person's colour scheme (issue 12, point 6): `system` (follow the device's light or dark setting,
 * the default), `light` or `dark`, chosen on the profile page and applied wherever they sign in.
 */
export default function colourScheme(_dialect: Dialect): Migration {
  return {
    async up(db) {
      await db.schema
        .alterTable('accounts')
        .addColumn('colour_scheme', 'text', (col) => col.notNull().defaultTo('system'))
        .execute();
    },
  };
}
