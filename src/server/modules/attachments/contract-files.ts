import type { Readable } from 'node:stream';
import { message } from '../../../shared/i18n/i18n.ts';
import type { ContractFile } from '../../../shared/schemas/contracts.ts';
import { type AccessPolicy, requireAccess } from '../../platform/access/require-access.ts';
import type { Actor, StaffActor } from '../../platform/actor.ts';
import type { RequestMeta } from '../../platform/audit.ts';
import { errors } from '../../platform/errors.ts';
import type { ModuleDeps } from '../deps.ts';
import {
  type AttachmentsContext,
  ingest,
  type KeyedRecording,
  maxBytes,
  removeFiles,
} from './attachments.service.ts';
import { contractFilesRepository } from './contract-files.repository.ts';

/**
 * Documents attached to contracts (issue 14, point 1). Staff who may change contracts add and remove
 * them; staff who may see contracts, and contacts with `contracts:view`, download them. A file goes
 * through the same checks as a ticket attachment (type from its content, size limit, images decoded,
 * archives inspected, virus scan) and is always served as a download. Every download is audited.
 */
export const contractFilePolicies = {
  view: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:view', denied: message('errors:denied.contractsView') },
    contact: { anyOf: ['contracts:view'], denied: message('errors:denied.portalContracts') },
  },
  manage: {
    what: message('errors:notFound.contract'),
    table: 'contracts',
    staff: { permission: 'clients:manage', denied: message('errors:denied.contractsChange') },
  },
} as const satisfies Record<string, AccessPolicy>;

export type ContractFilesContext = AttachmentsContext & Pick<ModuleDeps, 'audit'>;

function present(row: {
  id: number;
  contract_id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}): ContractFile {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    url: `/api/v1/contracts/${row.contract_id}/files/${row.id}`,
    createdAt: row.created_at,
  };
}

/** Checks the contract first (another client's or a missing one is 404 before anything is read). */
export async function requireContract(
  ctx: ContractFilesContext,
  actor: StaffActor,
  contractId: number,
): Promise<void> {
  await requireAccess(ctx.database.forActor(actor).db, contractFilePolicies.manage, [contractId]);
}

export async function addContractFile(
  ctx: ContractFilesContext,
  actor: StaffActor,
  contractId: number,
  file: { stream: Readable; filename: string },
  meta: RequestMeta,
  keyed?: KeyedRecording<ContractFile>,
): Promise<ContractFile> {
  const { database, clock, audit } = ctx;
  const stored = await ingest(ctx, file.stream, file.filename, await maxBytes(ctx));
  // A contract's document has no preview: the thumbnail made for an image is not kept.
  await removeFiles(ctx, [stored.thumbnailKey]);
  try {
    await keyed?.claim({ filename: file.filename, ...stored.received });
    return await database.forActor(actor).transaction(async (trx) => {
      const [contract] = await requireAccess(trx, contractFilePolicies.manage, [contractId]);
      if (!contract) throw errors.notFound(message('errors:notFound.contract'));
      const row = await contractFilesRepository.insert(trx, {
        contract_id: contractId,
        uploaded_by_account_id: actor.accountId,
        storage_key: stored.storageKey,
        filename: stored.filename,
        content_type: stored.contentType,
        size_bytes: stored.sizeBytes,
        sha256: stored.sha256,
        created_at: clock().toISOString(),
      });
      const found = await contractFilesRepository.find(trx, contractId, row.id);
      await audit.record(trx, {
        actor,
        action: 'contract.file_added',
        clientId: found?.client_id ?? null,
        target: { type: 'contract', id: contractId },
        details: { fileId: row.id, filename: row.filename, sizeBytes: Number(row.size_bytes) },
        meta,
      });
      const response = present(row);
      await keyed?.complete(trx, response);
      return response;
    });
  } catch (error) {
    await removeFiles(ctx, [stored.storageKey]);
    throw error;
  }
}

export async function removeContractFile(
  ctx: ContractFilesContext,
  actor: StaffActor,
  contractId: number,
  fileId: number,
  meta: RequestMeta,
): Promise<void> {
  const { database, audit } = ctx;
  const key = await database.forActor(actor).transaction(async (trx) => {
    await requireAccess(trx, contractFilePolicies.manage, [contractId]);
    const row = await contractFilesRepository.find(trx, contractId, fileId);
    if (!row) throw errors.notFound(message('errors:notFound.contractFile'));
    await contractFilesRepository.remove(trx, fileId);
    await audit.record(trx, {
      actor,
      action: 'contract.file_removed',
      clientId: row.client_id,
      target: { type: 'contract', id: contractId },
      details: { fileId, filename: row.filename },
      meta,
    });
    return row.storage_key;
  });
  // After the commit: a failed transaction leaves the file where it was.
  await removeFiles(ctx, [key]);
}

/** A document the reader may download, with the download recorded in the audit log. */
export async function downloadContractFile(
  ctx: ContractFilesContext,
  actor: Actor,
  contractId: number,
  fileId: number,
  meta: RequestMeta,
) {
  const { database, audit } = ctx;
  const { db } = database.forActor(actor);
  await requireAccess(db, contractFilePolicies.view, [contractId]);
  const row = await contractFilesRepository.find(db, contractId, fileId);
  if (!row) throw errors.notFound(message('errors:notFound.contractFile'));
  await audit.record(db, {
    actor,
    action: 'contract.file_downloaded',
    clientId: row.client_id,
    target: { type: 'contract', id: contractId },
    details: { fileId, filename: row.filename },
    meta,
  });
  return row;
}
