import type { FastifyInstance } from 'fastify';
import { clientsRoutes } from '../clients/clients.routes.ts';
import { createClientsService } from '../clients/clients.service.ts';
import { colleaguesRoutes } from '../contacts/colleagues.routes.ts';
import { contactsRoutes } from '../contacts/contacts.routes.ts';
import { createContactsService } from '../contacts/contacts.service.ts';
import type { ModuleDeps } from '../index.ts';

/** The directory: clients and sites, contacts (staff) and colleagues (portal). One registration line. */
export function registerDirectory(app: FastifyInstance, deps: ModuleDeps): void {
  const services = { database: deps.database, clock: deps.clock, audit: deps.audit };
  const clients = createClientsService(services);
  const contacts = createContactsService(services);
  clientsRoutes(app, { clients });
  contactsRoutes(app, { contacts });
  colleaguesRoutes(app, { contacts });
}
