import { type AnyDb, columns, type Dialect, type Migration } from './helpers.ts';

/**
 * Support (issue 4): tickets, their messages, status history, attachments, watchers; the configuration
 * staff manage (categories, SLA calendars and policies, canned responses, teams and assignment rules,
 * saved queue views); email threading references and inbound mail held for review.
 */
export default function support(dialect: Dialect): Migration {
  const c = columns(dialect);
  return {
    async up(db: AnyDb) {
      await c
        .id(db.schema.createTable('ticket_categories'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('archived_at', c.instant)
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_categories_name_unique')
        .on('ticket_categories')
        .column('name')
        .unique()
        .execute();

      await c
        .id(db.schema.createTable('sla_calendars'))
        .addColumn('name', 'text', (col) => col.notNull())
        /** JSON: a BusinessCalendar (src/shared/schemas/sla.ts). */
        .addColumn('definition', c.json, (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('sla_calendars_name_unique')
        .on('sla_calendars')
        .column('name')
        .unique()
        .execute();

      await c
        .id(db.schema.createTable('sla_policies'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('calendar_id', 'integer', (col) => col.notNull().references('sla_calendars.id'))
        /** JSON: { low|medium|high|critical: { responseMinutes, resolutionMinutes } } in business minutes. */
        .addColumn('targets', c.json, (col) => col.notNull())
        /** JSON array of statuses that pause the clock. */
        .addColumn('pausing_statuses', c.json, (col) => col.notNull())
        .addColumn('is_default', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('sla_policies_name_unique')
        .on('sla_policies')
        .column('name')
        .unique()
        .execute();

      await c
        .id(db.schema.createTable('teams'))
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema.createIndex('teams_name_unique').on('teams').column('name').unique().execute();
      await db.schema
        .createTable('team_members')
        .addColumn('team_id', 'integer', (col) => col.notNull().references('teams.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'account_id'])
        .execute();

      await c
        .id(db.schema.createTable('assignment_rules'))
        .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('client_id', 'integer', (col) => col.references('clients.id').onDelete('cascade'))
        .addColumn('category_id', 'integer', (col) =>
          col.references('ticket_categories.id').onDelete('cascade'),
        )
        /** Exactly one of team_id (round-robin among its members) and assignee_account_id. */
        .addColumn('team_id', 'integer', (col) => col.references('teams.id').onDelete('cascade'))
        .addColumn('assignee_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('cascade'),
        )
        /** Round-robin cursor: the member who got the last ticket through this rule. */
        .addColumn('last_assigned_account_id', 'integer')
        .addColumn('enabled', c.flag, (col) => col.notNull().defaultTo(1))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();

      await c
        .id(db.schema.createTable('canned_responses'))
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        .addColumn('created_by', 'integer', (col) => col.references('accounts.id').onDelete('set null'))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('canned_responses_title_unique')
        .on('canned_responses')
        .column('title')
        .unique()
        .execute();

      // Inbound email finds a sender among all clients' contacts by address.
      await db.schema.createIndex('contacts_email_idx').on('contacts').column('email').execute();

      await c
        .id(db.schema.createTable('tickets'))
        .addColumn('client_id', 'integer', (col) => col.notNull().references('clients.id'))
        .addColumn('requester_contact_id', 'integer', (col) => col.references('contacts.id'))
        .addColumn('subject', 'text', (col) => col.notNull())
        /** Markdown source; rendered and sanitised when shown. */
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('priority', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('category_id', 'integer', (col) => col.references('ticket_categories.id'))
        .addColumn('assignee_account_id', 'integer', (col) => col.references('accounts.id'))
        .addColumn('created_by_account_id', 'integer', (col) => col.references('accounts.id'))
        /** portal | staff | email */
        .addColumn('source', 'text', (col) => col.notNull())
        /** JSON array of free-text affected assets or people (the assets module will link real ones). */
        .addColumn('affected', c.json, (col) => col.notNull().defaultTo('[]'))
        .addColumn('sla_policy_id', 'integer', (col) => col.references('sla_policies.id'))
        /** Targets in business ms, copied from the policy when set, so a later policy edit does not move old due dates. */
        .addColumn('response_target_ms', 'bigint')
        .addColumn('resolution_target_ms', 'bigint')
        .addColumn('first_response_at', c.instant)
        .addColumn('resolved_at', c.instant)
        .addColumn('closed_at', c.instant)
        /** Recorded SLA figures, recomputed on every change and by the SLA sweep. */
        .addColumn('response_due_at', c.instant)
        .addColumn('resolution_due_at', c.instant)
        .addColumn('sla_paused_ms', 'bigint', (col) => col.notNull().defaultTo(0))
        /** running | paused | met | breached | none */
        .addColumn('response_sla', 'text', (col) => col.notNull().defaultTo('none'))
        .addColumn('resolution_sla', 'text', (col) => col.notNull().defaultTo('none'))
        .addColumn('time_spent_minutes', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('merged_into_id', 'integer', (col) => col.references('tickets.id'))
        /** Any change, internal ones included (staff sort by this). */
        .addColumn('updated_at', c.instant, (col) => col.notNull())
        /** The last change a contact can see (the portal sorts and shows this, so internal notes leave no trace). */
        .addColumn('public_updated_at', c.instant, (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      const ticketIndexes: [string, string[]][] = [
        ['tickets_client_public_idx', ['client_id', 'public_updated_at', 'id']],
        ['tickets_requester_public_idx', ['requester_contact_id', 'public_updated_at', 'id']],
        ['tickets_updated_idx', ['updated_at', 'id']],
        ['tickets_status_updated_idx', ['status', 'updated_at', 'id']],
        ['tickets_assignee_updated_idx', ['assignee_account_id', 'updated_at', 'id']],
        ['tickets_resolution_due_idx', ['resolution_sla', 'resolution_due_at']],
        ['tickets_response_due_idx', ['response_sla', 'response_due_at']],
        ['tickets_client_status_idx', ['client_id', 'status', 'id']],
        ['tickets_sla_policy_idx', ['sla_policy_id']],
      ];
      for (const [name, cols] of ticketIndexes) {
        await db.schema.createIndex(name).on('tickets').columns(cols).execute();
      }

      await c
        .id(db.schema.createTable('ticket_status_changes'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('at', c.instant, (col) => col.notNull())
        .addColumn('actor_account_id', 'integer', (col) => col.references('accounts.id').onDelete('set null'))
        .execute();
      await db.schema
        .createIndex('ticket_status_changes_ticket_idx')
        .on('ticket_status_changes')
        .columns(['ticket_id', 'at', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('ticket_messages'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        /** staff | contact | system */
        .addColumn('author_kind', 'text', (col) => col.notNull())
        .addColumn('author_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('author_contact_id', 'integer', (col) =>
          col.references('contacts.id').onDelete('set null'),
        )
        .addColumn('author_name', 'text', (col) => col.notNull())
        .addColumn('body', 'text', (col) => col.notNull())
        /** 1: an internal note, never shown or sent to a contact. */
        .addColumn('internal', c.flag, (col) => col.notNull().defaultTo(0))
        /** portal | staff | email */
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('time_spent_minutes', 'integer', (col) => col.notNull().defaultTo(0))
        /** The inbound email's Message-ID, so a re-delivered email is not added twice. */
        .addColumn('email_message_id', 'text')
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_messages_ticket_idx')
        .on('ticket_messages')
        .columns(['ticket_id', 'id'])
        .execute();
      await db.schema
        .createIndex('ticket_messages_email_unique')
        .on('ticket_messages')
        .column('email_message_id')
        .unique()
        .execute();

      await c
        .id(db.schema.createTable('ticket_attachments'))
        /** Null while an upload waits to be attached to a ticket or message (pending, owned by its uploader). */
        .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id').onDelete('cascade'))
        .addColumn('message_id', 'integer', (col) => col.references('ticket_messages.id').onDelete('cascade'))
        /** The client the upload belongs to (a contact's own client; for staff, set when attached). */
        .addColumn('client_id', 'integer', (col) => col.references('clients.id'))
        .addColumn('uploaded_by_account_id', 'integer', (col) =>
          col.references('accounts.id').onDelete('set null'),
        )
        .addColumn('storage_key', 'text', (col) => col.notNull())
        .addColumn('thumbnail_key', 'text')
        .addColumn('filename', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('size_bytes', 'integer', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        /** Follows its message: an attachment of an internal note is internal too. */
        .addColumn('internal', c.flag, (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_attachments_ticket_idx')
        .on('ticket_attachments')
        .columns(['ticket_id', 'id'])
        .execute();
      await db.schema
        .createIndex('ticket_attachments_message_idx')
        .on('ticket_attachments')
        .column('message_id')
        .execute();
      await db.schema
        .createIndex('ticket_attachments_created_idx')
        .on('ticket_attachments')
        .columns(['ticket_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('ticket_attachments_pending_idx')
        .on('ticket_attachments')
        .columns(['uploaded_by_account_id', 'ticket_id'])
        .execute();

      await c
        .id(db.schema.createTable('ticket_watchers'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        /** Exactly one of a staff account and a contact (of the ticket's client). */
        .addColumn('staff_account_id', 'integer', (col) => col.references('accounts.id').onDelete('cascade'))
        .addColumn('contact_id', 'integer', (col) => col.references('contacts.id').onDelete('cascade'))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_watchers_staff_unique')
        .on('ticket_watchers')
        .columns(['ticket_id', 'staff_account_id'])
        .unique()
        .execute();
      await db.schema
        .createIndex('ticket_watchers_contact_unique')
        .on('ticket_watchers')
        .columns(['ticket_id', 'contact_id'])
        .unique()
        .execute();
      await db.schema
        .createIndex('ticket_watchers_contact_idx')
        .on('ticket_watchers')
        .columns(['contact_id', 'ticket_id'])
        .execute();

      await c
        .id(db.schema.createTable('ticket_views'))
        .addColumn('account_id', 'integer', (col) =>
          col.notNull().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (col) => col.notNull())
        /** JSON: the staff queue filters (see src/shared/schemas/tickets.ts, ticketQueueFilters). */
        .addColumn('filters', c.json, (col) => col.notNull())
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_views_account_name_unique')
        .on('ticket_views')
        .columns(['account_id', 'name'])
        .unique()
        .execute();

      /** Message-IDs of notification emails about a ticket, so a reply's In-Reply-To/References finds it. */
      await c
        .id(db.schema.createTable('ticket_email_refs'))
        .addColumn('ticket_id', 'integer', (col) =>
          col.notNull().references('tickets.id').onDelete('cascade'),
        )
        .addColumn('message_id', 'text', (col) => col.notNull())
        /** The account the email went to (a reply from another sender is checked against the client). */
        .addColumn('account_id', 'integer', (col) => col.references('accounts.id').onDelete('set null'))
        .addColumn('created_at', c.instant, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('ticket_email_refs_message_unique')
        .on('ticket_email_refs')
        .column('message_id')
        .unique()
        .execute();
      await db.schema
        .createIndex('ticket_email_refs_ticket_idx')
        .on('ticket_email_refs')
        .columns(['ticket_id', 'id'])
        .execute();

      await c
        .id(db.schema.createTable('inbound_emails'))
        /** imap | smtp */
        .addColumn('received_via', 'text', (col) => col.notNull())
        .addColumn('message_id', 'text', (col) => col.notNull())
        .addColumn('from_address', 'text', (col) => col.notNull())
        .addColumn('from_name', 'text')
        .addColumn('to_address', 'text')
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('text_body', 'text', (col) => col.notNull())
        /** The raw message in storage, kept for review and re-processing. */
        .addColumn('raw_key', 'text')
        .addColumn('attachment_count', 'integer', (col) => col.notNull().defaultTo(0))
        /** held | added | created | discarded */
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('reason', 'text')
        .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id').onDelete('set null'))
        .addColumn('reviewed_by', 'integer', (col) => col.references('accounts.id').onDelete('set null'))
        .addColumn('received_at', c.instant, (col) => col.notNull())
        .addColumn('processed_at', c.instant)
        .execute();
      await db.schema
        .createIndex('inbound_emails_message_unique')
        .on('inbound_emails')
        .column('message_id')
        .unique()
        .execute();
      await db.schema
        .createIndex('inbound_emails_status_idx')
        .on('inbound_emails')
        .columns(['status', 'id'])
        .execute();

      // The default calendar and policy, so a new installation measures SLAs from the first ticket.
      const now = new Date().toISOString();
      const weekday = [{ start: '09:00', end: '17:00' }];
      const calendar = {
        timeZone: 'UTC',
        alwaysOpen: false,
        weekly: [[], weekday, weekday, weekday, weekday, weekday, []],
        holidays: [],
      };
      const calendarRow = await db
        .insertInto('sla_calendars')
        .values({
          name: 'Business hours',
          definition: JSON.stringify(calendar),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const hours = (h: number) => h * 60;
      await db
        .insertInto('sla_policies')
        .values({
          name: 'Standard',
          calendar_id: calendarRow.id,
          targets: JSON.stringify({
            low: { responseMinutes: hours(8), resolutionMinutes: hours(40) },
            medium: { responseMinutes: hours(4), resolutionMinutes: hours(24) },
            high: { responseMinutes: hours(2), resolutionMinutes: hours(8) },
            critical: { responseMinutes: hours(1), resolutionMinutes: hours(4) },
          }),
          pausing_statuses: JSON.stringify(['waiting-on-client']),
          is_default: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const [position, name] of [
        'General',
        'Hardware',
        'Software',
        'Network',
        'Accounts and access',
      ].entries()) {
        await db
          .insertInto('ticket_categories')
          .values({ name, position, created_at: now, updated_at: now })
          .execute();
      }
    },
  };
}
