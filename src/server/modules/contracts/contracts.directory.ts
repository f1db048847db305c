import { parseStoredCalendar } from '../../../shared/schemas/sla.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { SlaPolicyForTicket, SupportConfigDirectory } from '../tickets/contracts.ts';
import { contractsRepository } from './contracts.repository.ts';

/**
 * The support configuration as tickets see it, with contracts choosing the SLA policy (issue 14, point
 * 3): a new ticket takes the policy of the client's active contract that covers it (its site, see
 * coveringContract), and records that contract; a client with no such contract, or whose contract names
 * no policy, gets the default. The contract's coverage hours (its calendar), when it names them, replace
 * the policy's own calendar for the ticket's clocks (point 1). A ticket keeps the policy, targets and
 * calendar it was opened with, so a contract changed later never rewrites it.
 */
export function withContractPolicies(
  directory: SupportConfigDirectory,
  clock: Clock,
): SupportConfigDirectory {
  return Object.freeze({
    ...directory,
    async policyForClient(
      db: DbOrTrx,
      clientId: number,
      siteId: number | null = null,
    ): Promise<SlaPolicyForTicket | null> {
      const today = clock().toISOString().slice(0, 10);
      const contract = await contractsRepository.coveringContract(db, clientId, siteId, today);
      if (!contract) return directory.policyForClient(db, clientId);
      const policy =
        (contract.sla_policy_id !== null ? await directory.policyById(db, contract.sla_policy_id) : null) ??
        (await directory.policyForClient(db, clientId));
      if (!policy) return null;
      const coverage =
        contract.sla_calendar_id !== null && contract.calendar_definition !== null
          ? {
              calendar: parseStoredCalendar(contract.calendar_definition),
              coverageCalendarId: contract.sla_calendar_id,
            }
          : {};
      return { ...policy, ...coverage, contract: { id: contract.id, name: contract.name } };
    },
  });
}
