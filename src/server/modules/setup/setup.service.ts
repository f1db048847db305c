import type { SetupBody } from '../../../shared/schemas/setup.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import { type Database, isUniqueViolation } from '../../platform/db/db.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { actorFromRow } from '../auth/auth.service.ts';
import {
  DEMO_ORGANISATION,
  DEMO_PASSWORD,
  type DemoLogin,
  demoOwner,
  insertDemo,
  prepareDemo,
} from '../demo/demo.service.ts';
import { identity } from '../identity/identity.service.ts';
import { defaultSettings, type SettingsService, settingsDirectory } from '../settings/settings.service.ts';
import { insertStaffUser, prepareStaffUser } from '../staff/staff.service.ts';

const alreadySetUp = () =>
  new AppError('already_set_up', 'Portico is already set up. Sign in instead; nothing was changed.');

export type SetupService = ReturnType<typeof createSetupService>;

export function createSetupService(deps: { database: Database; clock: Clock; settings: SettingsService }) {
  const { database, clock, settings } = deps;

  async function assertEmpty() {
    settings.invalidate();
    if (await settings.isSetUp()) throw alreadySetUp();
  }

  /**
   * Creates the organisation and its owner (and optionally the demo data) in one transaction. Two
   * setups racing each other cannot both succeed: the organisation row's key admits only one.
   */
  async function create(input: {
    organisationName: string;
    owner: { name: string; email: string; password: string };
    demo: boolean;
    ownerIsDemo?: boolean;
  }): Promise<{ ownerAccountId: number; logins: DemoLogin[] }> {
    await assertEmpty();
    const owner = await prepareStaffUser({ ...input.owner, role: 'owner' }, 'ownerPassword');
    const demo = input.demo ? await prepareDemo({ withOwner: false }) : null;
    try {
      return await database.system('first-run setup').transaction(async (trx) => {
        await settingsDirectory.insertOrganisation(
          trx,
          defaultSettings(input.organisationName),
          clock().toISOString(),
        );
        const ownerAccountId = await insertStaffUser(trx, clock, owner);
        const logins: DemoLogin[] = input.ownerIsDemo
          ? [{ email: owner.email, kind: 'staff', name: owner.name, role: 'owner' }]
          : [];
        if (demo) logins.push(...(await insertDemo(trx, clock, demo)));
        return { ownerAccountId, logins };
      });
    } catch (e) {
      if (isUniqueViolation(e) && (await settings.isSetUp().catch(() => false))) throw alreadySetUp();
      if (e instanceof AppError && e.fields?.email) {
        throw errors.validation(
          { ownerEmail: 'A demo account uses this email. Choose another, or set up without demo data.' },
          'That email is taken by a demo account.',
        );
      }
      throw e;
    } finally {
      settings.invalidate();
    }
  }

  return {
    async status(): Promise<{ required: boolean }> {
      return { required: !(await settings.isSetUp()) };
    },

    async setup(input: SetupBody & { loadDemo: boolean }): Promise<Actor> {
      const { ownerAccountId } = await create({
        organisationName: input.organisationName,
        owner: { name: input.ownerName, email: input.ownerEmail, password: input.ownerPassword },
        demo: input.loadDemo,
      });
      const row = await identity.accountById(
        database.system('first-run setup: the new owner').db,
        ownerAccountId,
      );
      const actor = row ? actorFromRow(row) : null;
      if (!actor) throw new Error('The owner account just created could not be read back');
      return actor;
    },

    /** `npm run demo`: the demo organisation, its owner and the demo data, into an empty database. */
    async loadDemo(): Promise<DemoLogin[]> {
      const { logins } = await create({
        organisationName: DEMO_ORGANISATION,
        owner: { ...demoOwner, password: DEMO_PASSWORD },
        demo: true,
        ownerIsDemo: true,
      });
      return logins;
    },
  };
}
