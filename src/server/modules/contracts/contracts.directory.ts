import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import type { SlaPolicyForTicket, SupportConfigDirectory } from '../tickets/contracts.ts';
import { contractsRepository } from './contracts.repository.ts';

/**
 * The support configuration as tickets see it, with contracts choosing the SLA policy (issue 14, point
 * 3): a new ticket takes the policy of the client's active contract that covers it, and records that
 * contract; a client with no such contract, or whose contract names no policy, gets the default. A
 * ticket keeps the policy and targets it was opened with, so a contract changed later never rewrites it.
 */
export function withContractPolicies(
  directory: SupportConfigDirectory,
  clock: Clock,
): SupportConfigDirectory {
  return Object.freeze({
    ...directory,
    async policyForClient(db: DbOrTrx, clientId: number): Promise<SlaPolicyForTicket | null> {
      const today = clock().toISOString().slice(0, 10);
      const contract = await contractsRepository.coveringContract(db, clientId, today);
      if (!contract) return directory.policyForClient(db, clientId);
      const policy =
        (contract.sla_policy_id !== null ? await directory.policyById(db, contract.sla_policy_id) : null) ??
        (await directory.policyForClient(db, clientId));
      return policy ? { ...policy, contract: { id: contract.id, name: contract.name } } : null;
    },
  });
}
