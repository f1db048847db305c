import { message } from '../../../shared/i18n/i18n.ts';
import type { SetupBody } from '../../../shared/schemas/setup.ts';
import type { Actor, Clock } from '../../platform/actor.ts';
import type { Audit, RequestMeta } from '../../platform/audit.ts';
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

const alreadySetUp = () => new AppError('already_set_up', message('errors:setup.alreadySetUp'));

export type SetupService = ReturnType<typeof createSetupService>;

export function createSetupService(deps: {
  database: Database;
  clock: Clock;
  settings: SettingsService;
  audit: Audit;
}) {
  const { database, clock, settings, audit } = deps;

  async function assertEmpty() {
    settings.invalidate();
    if (await settings.isSetUp()) throw alreadySetUp();
  }

  /**
   * Creates the organisation and its owner (and optionally the demo data) in one transaction, with
   * their audit entries. Two setups racing each other cannot both succeed: the organisation row's key
   * admits only one.
   */
  async function create(input: {
    organisationName: string;
    owner: { name: string; email: string; password: string };
    demo: boolean;
    /** The command line (`portico demo`): no person acts, so the audit log names the system. */
    fromCommandLine?: boolean;
    meta?: RequestMeta;
  }): Promise<{ owner: Actor; logins: DemoLogin[] }> {
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
        const row = await identity.accountById(trx, ownerAccountId);
        const ownerActor = row ? actorFromRow(row) : null;
        if (!row || !ownerActor) throw new Error('The owner account just created could not be read back');
        // The person who set Portico up in the browser is its new owner; the command line is the system.
        const actor = input.fromCommandLine ? 'system' : ownerActor;
        const via = input.fromCommandLine ? 'command line' : 'setup page';
        await audit.record(trx, {
          actor,
          action: 'setup.completed',
          target: { type: 'account', id: ownerAccountId },
          details: {
            organisation: input.organisationName,
            owner: `${row.name} <${row.email}>`,
            demoData: demo !== null,
            via,
          },
          ...(input.meta ? { meta: input.meta } : {}),
        });
        const logins: DemoLogin[] = input.fromCommandLine
          ? [{ email: owner.email, kind: 'staff', name: owner.name, role: 'owner' }]
          : [];
        if (demo) {
          const loaded = await insertDemo(trx, clock, demo);
          logins.push(...loaded.logins);
          await audit.record(trx, {
            actor,
            action: 'demo.loaded',
            details: { ...loaded.summary, via },
            ...(input.meta ? { meta: input.meta } : {}),
          });
        }
        return { owner: ownerActor, logins };
      });
    } catch (e) {
      if (isUniqueViolation(e) && (await settings.isSetUp().catch(() => false))) throw alreadySetUp();
      if (e instanceof AppError && e.fields?.email) {
        throw errors.validation(
          { ownerEmail: message('errors:setup.demoEmailField') },
          message('errors:setup.demoEmail'),
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

    /** First-run setup from the setup page (`meta`: the browser's address and user agent, for the log). */
    async setup(input: SetupBody & { loadDemo: boolean }, meta?: RequestMeta): Promise<Actor> {
      const { owner } = await create({
        organisationName: input.organisationName,
        owner: { name: input.ownerName, email: input.ownerEmail, password: input.ownerPassword },
        demo: input.loadDemo,
        ...(meta ? { meta } : {}),
      });
      return owner;
    },

    /** `npm run demo`: the demo organisation, its owner and the demo data, into an empty database. */
    async loadDemo(): Promise<DemoLogin[]> {
      const { logins } = await create({
        organisationName: DEMO_ORGANISATION,
        owner: { ...demoOwner, password: DEMO_PASSWORD },
        demo: true,
        fromCommandLine: true,
      });
      return logins;
    },
  };
}
