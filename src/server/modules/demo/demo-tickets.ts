import { type BusinessCalendar, businessCalendar } from '../../../shared/schemas/sla.ts';
import type { TicketPriority, TicketStatus } from '../../../shared/schemas/tickets.ts';
import { businessTimeBetween } from '../../../shared/sla-time.ts';
import type { Clock } from '../../platform/actor.ts';
import type { DbOrTrx } from '../../platform/db/db.ts';
import { recordSla } from '../tickets/sla-record.ts';

const HOUR = 3_600_000;
const MIN = 60_000;

/** The demo's business hours: Monday to Friday, 08:00 to 18:00, London time. */
const demoCalendar: BusinessCalendar = businessCalendar.parse({
  timeZone: 'Europe/London',
  weekly: [
    [],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '18:00' }],
    [{ start: '08:00', end: '18:00' }],
    [],
  ],
  holidays: [],
});

/**
 * The latest instant from which `businessMs` of business time has passed by `now`: demo tickets are placed
 * by how much of their SLA they have used, so "at risk" and "breached" hold whatever day the demo is loaded.
 */
function businessAgo(calendar: BusinessCalendar, now: number, businessMs: number): number {
  let lo = now - 120 * 24 * HOUR; // far enough back to hold any demo age
  let hi = now;
  while (hi - lo > MIN) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessTimeBetween(calendar, mid, now) >= businessMs) lo = mid;
    else hi = mid;
  }
  return lo;
}

type Who = { contact: string } | { staff: string } | 'system';

interface DemoMessage {
  /** Business time after the ticket was opened (placed on the calendar, so replies fall in office hours). */
  after: number;
  from: Who;
  body: string;
  internal?: boolean;
  minutes?: number;
  /** The status the ticket moved to with this message. */
  status?: TicketStatus;
}

interface DemoTicket {
  client: string;
  requester: string;
  subject: string;
  description: string;
  priority: TicketPriority;
  category: string;
  assignee: string | null;
  /** Business time since it was opened. */
  age: number;
  status: TicketStatus;
  messages: DemoMessage[];
  watchers?: string[];
  /** The requester's rating (issue 14), given `after` business time from opening. */
  rating?: { after: number; rating: 'good' | 'bad'; comment: string | null };
}

const tech = 'tech@portico.example';
const admin = 'admin@portico.example';

const demoTickets: DemoTicket[] = [
  {
    client: 'Acme Manufacturing',
    requester: 'standard@acme.example',
    subject: 'Outlook keeps asking for my password',
    description:
      'Since this morning Outlook asks for my password every few minutes. I type it in and it works for a while, then asks again.',
    priority: 'medium',
    category: 'Accounts and access',
    assignee: null,
    age: 25 * MIN,
    status: 'new',
    messages: [],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'technical@acme.example',
    subject: 'VPN drops every hour for the sales team',
    description:
      'The sales team working from home lose the VPN connection roughly every hour and must reconnect.\n\n- Affects at least 6 people\n- Started after Tuesday’s firewall update',
    priority: 'high',
    category: 'Network',
    assignee: tech,
    age: 3 * HOUR,
    status: 'open',
    messages: [
      {
        after: 10 * MIN,
        from: { contact: 'technical@acme.example' },
        body: 'It happened again to me just now, at 10:02. The client log says **"peer not responding"**.',
      },
      {
        after: 40 * MIN,
        from: { staff: tech },
        internal: true,
        body: 'Firewall changelog shows the DPD timeout was lowered to 60 s in Tuesday’s update. Likely cause.',
        minutes: 20,
      },
    ],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'primary@acme.example',
    subject: 'Laptop for our new starter on Monday',
    description:
      'Priya Shah joins accounts on Monday. She needs a laptop with the usual accounts software, a mailbox and access to the Finance share.',
    priority: 'low',
    category: 'Hardware',
    assignee: tech,
    age: 9 * HOUR,
    status: 'in-progress',
    watchers: ['billing@acme.example'],
    messages: [
      {
        after: 1 * HOUR,
        from: { staff: tech },
        body: 'Thanks Alice, we have a laptop in stock and will image it tomorrow. Does Priya need a second screen?',
        minutes: 10,
      },
      {
        after: 2 * HOUR,
        from: { contact: 'primary@acme.example' },
        body: 'Yes please, one screen is fine.',
      },
      {
        after: 3 * HOUR,
        from: { staff: tech },
        body: 'Great, imaging has started. We will bring it over on Friday afternoon.',
        status: 'in-progress',
        minutes: 45,
      },
      {
        after: 3 * HOUR + 5 * MIN,
        from: { staff: tech },
        internal: true,
        body: 'Remember to add Priya to the Finance-RW group, not Finance-R.',
      },
    ],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'standard@acme.example',
    subject: 'Printer on the second floor shows a paper jam',
    description:
      'The printer by the kitchen says "paper jam in tray 2" but there is no paper stuck anywhere.',
    priority: 'medium',
    category: 'Hardware',
    assignee: tech,
    age: 6 * HOUR,
    status: 'waiting-on-client',
    messages: [
      {
        after: 30 * MIN,
        from: { staff: tech },
        body: 'Sorry to hear that. Could you send a photo of the display and tell us the number on the sticker at the back?',
        status: 'waiting-on-client',
        minutes: 5,
      },
    ],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'technical@acme.example',
    subject: 'Replace the failed disk in the file server',
    description: 'The NAS reports disk 3 as failed. The array is degraded but still running.',
    priority: 'high',
    category: 'Hardware',
    assignee: admin,
    age: 12 * HOUR,
    status: 'waiting-on-vendor',
    messages: [
      {
        after: 20 * MIN,
        from: { staff: admin },
        body: 'We have confirmed the failure remotely and ordered a replacement disk under warranty. We will fit it as soon as it arrives.',
        status: 'waiting-on-vendor',
        minutes: 30,
      },
      {
        after: 25 * MIN,
        from: { staff: admin },
        internal: true,
        body: 'Vendor RMA 88-4471, courier promised for Thursday.',
      },
    ],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'primary@acme.example',
    subject: 'Give Ben access to the accounts shared mailbox',
    description: 'Ben Carter should be able to read and send from accounts@acme.example.',
    priority: 'medium',
    category: 'Accounts and access',
    assignee: tech,
    age: 14 * HOUR,
    status: 'resolved',
    messages: [
      {
        after: 1 * HOUR,
        from: { staff: tech },
        body: 'Done: Ben now has full access and send-as rights. It can take up to an hour to appear in Outlook.',
        status: 'resolved',
        minutes: 15,
      },
    ],
  },
  {
    client: 'Acme Manufacturing',
    requester: 'standard@acme.example',
    subject: 'Wi-Fi in the big meeting room is very slow',
    description: 'Video calls in the big meeting room keep freezing.',
    priority: 'low',
    category: 'Network',
    assignee: tech,
    age: 40 * HOUR,
    status: 'closed',
    messages: [
      {
        after: 2 * HOUR,
        from: { staff: tech },
        body: 'We moved the access point to the ceiling above the table and changed its channel. Could you try a call there?',
        status: 'waiting-on-client',
        minutes: 60,
      },
      {
        after: 4 * HOUR,
        from: { contact: 'standard@acme.example' },
        body: 'Much better now, thank you!',
      },
      {
        after: 4 * HOUR + 30 * MIN,
        from: { staff: tech },
        body: 'Glad to hear it. Closing this one.',
        status: 'resolved',
      },
      {
        after: 30 * HOUR,
        from: 'system',
        body: 'Closed automatically after being resolved.',
        status: 'closed',
      },
    ],
    rating: {
      after: 5 * HOUR,
      rating: 'good',
      comment: 'Quick visit and the calls are smooth now. Thanks, Tariq!',
    },
  },
  {
    client: 'Birchwood Dental',
    requester: 'primary@birchwood.example',
    subject: 'X-ray workstation cannot reach the imaging server',
    description:
      'The X-ray workstation in surgery 2 shows "server unavailable". We cannot take X-rays in that room.',
    priority: 'critical',
    category: 'Network',
    assignee: admin,
    // 3 h 20 min of a 4 h resolution target: at risk.
    age: 3 * HOUR + 20 * MIN,
    status: 'in-progress',
    watchers: ['office@birchwood.example'],
    messages: [
      {
        after: 15 * MIN,
        from: { staff: admin },
        body: 'We are connecting remotely now. In the meantime surgery 1’s workstation can reach the server.',
        status: 'in-progress',
        minutes: 25,
      },
      {
        after: 1 * HOUR,
        from: { staff: admin },
        internal: true,
        body: 'Switch port 14 flapping. Ordered a replacement switch, patching to port 22 as a stop-gap.',
        minutes: 40,
      },
    ],
  },
  {
    client: 'Cobalt Legal',
    requester: 'primary@cobalt.example',
    subject: 'Document search is very slow',
    description: 'Searching the document management system takes over a minute for any query.',
    priority: 'medium',
    category: 'Software',
    assignee: tech,
    // Past its 24 business-hour resolution target: breached.
    age: 30 * HOUR,
    status: 'open',
    messages: [
      {
        after: 2 * HOUR,
        from: { staff: tech },
        body: 'We are rebuilding the search index tonight; searches should be fast again tomorrow morning.',
        minutes: 30,
      },
      {
        after: 12 * HOUR,
        from: { contact: 'primary@cobalt.example' },
        body: 'Still slow this morning, I am afraid.',
      },
    ],
  },
  {
    client: 'Cobalt Legal',
    requester: 'standard@cobalt.example',
    subject: 'Add me to the partners distribution list',
    description: 'I have been made a partner (hurray) and need to receive the partners@ emails.',
    priority: 'low',
    category: 'Accounts and access',
    assignee: null,
    age: 50 * MIN,
    status: 'new',
    messages: [],
  },
  // Rheinhafen Logistik's contacts write in German, and the desk answers them in German.
  {
    client: 'Rheinhafen Logistik GmbH',
    requester: 'standard@rheinhafen.example',
    subject: 'Etikettendrucker in Halle 2 druckt keine Versandetiketten mehr',
    description:
      'Seit dem Update gestern Abend druckt der Etikettendrucker in Halle 2 keine Versandetiketten mehr. Der Auftrag erscheint kurz in der Warteschlange und verschwindet dann ohne Fehlermeldung.\n\n- Betrifft alle Packplätze in Halle 2\n- In Halle 1 läuft alles normal',
    priority: 'high',
    category: 'Hardware',
    assignee: tech,
    age: 2 * HOUR,
    status: 'open',
    messages: [
      {
        after: 20 * MIN,
        from: { staff: tech },
        body: 'Danke für die schnelle Meldung. Das Update hat den Druckertreiber auf dem Druckserver ersetzt; wir spielen gerade den bisherigen Treiber wieder ein und melden uns in etwa einer halben Stunde.',
        minutes: 25,
      },
      {
        after: 55 * MIN,
        from: { contact: 'standard@rheinhafen.example' },
        body: 'Die ersten Etiketten kommen wieder heraus, vielen Dank! Wir beobachten das noch bis Schichtende.',
      },
    ],
  },
  {
    client: 'Rheinhafen Logistik GmbH',
    requester: 'primary@rheinhafen.example',
    subject: 'Zugang für unseren neuen Disponenten ab dem 1.',
    description:
      'Ab dem Ersten verstärkt Herr Tobias Brandt unsere Disposition. Bitte richten Sie ihm ein Benutzerkonto, ein Postfach und Zugriff auf das Laufwerk „Disposition“ ein.',
    priority: 'low',
    category: 'Accounts and access',
    assignee: admin,
    age: 6 * HOUR,
    status: 'waiting-on-client',
    messages: [
      {
        after: 1 * HOUR,
        from: { staff: admin },
        body: 'Gern erledigen wir das. Soll Herr Brandt auch eine Lizenz für das Speditionsportal bekommen? Dafür bräuchten wir noch Ihre Freigabe, da eine weitere Lizenz monatlich berechnet wird.',
        status: 'waiting-on-client',
        minutes: 10,
      },
    ],
  },
  // Al Noor Trading's contacts write in Arabic (with the odd product name in Latin script).
  {
    client: 'النور للتجارة (Al Noor Trading)',
    requester: 'standard@alnoor.example',
    subject: 'البريد الإلكتروني لا يصل إلى هاتفي المحمول',
    description:
      'منذ صباح أمس لم تعد رسائل البريد الإلكتروني تصل إلى تطبيق Outlook على هاتفي، مع أنها تظهر بشكل طبيعي على الحاسوب. جرّبت إعادة تشغيل الهاتف دون فائدة.',
    priority: 'medium',
    category: 'Accounts and access',
    assignee: tech,
    age: 4 * HOUR,
    status: 'in-progress',
    messages: [
      {
        after: 30 * MIN,
        from: { staff: tech },
        body: 'شكرًا على التوضيح. يبدو أن كلمة المرور القديمة ما زالت محفوظة في التطبيق بعد تغييرها الأسبوع الماضي. هل يمكنك حذف الحساب من التطبيق ثم إضافته من جديد؟ وإن احتجت إلى مساعدة فسأتصل بك خلال ساعة.',
        status: 'in-progress',
        minutes: 15,
      },
      {
        after: 1 * HOUR + 10 * MIN,
        from: { contact: 'standard@alnoor.example' },
        body: 'حذفت الحساب وأضفته مرة أخرى، وبدأت الرسائل تصل الآن. شكرًا جزيلًا!',
      },
    ],
  },
  {
    client: 'النور للتجارة (Al Noor Trading)',
    requester: 'primary@alnoor.example',
    subject: 'شاشة إضافية لموظفة الاستقبال الجديدة',
    description:
      'نرجو تجهيز مكتب موظفة الاستقبال الجديدة بشاشة ثانية ولوحة مفاتيح بالحروف العربية والإنجليزية، فهي تبدأ العمل يوم الأحد القادم.',
    priority: 'low',
    category: 'Hardware',
    assignee: null,
    age: 40 * MIN,
    status: 'new',
    messages: [],
  },
];

/**
 * Demo support data: business hours in London, a service-desk team with a round-robin rule for network
 * tickets, two canned responses, and tickets in every status with conversations, internal notes, one at
 * risk and some breached. Written in the setup transaction; SLA figures are recorded as the app would.
 */
/** Inserts the demo tickets and their support set-up; answers how many tickets it wrote. */
export async function insertDemoTickets(db: DbOrTrx, clock: Clock): Promise<number> {
  const now = clock();
  const nowIso = now.toISOString();
  const nowMs = now.getTime();

  const calendarRow = await db
    .selectFrom('sla_calendars')
    .select('id')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (calendarRow) {
    await db
      .updateTable('sla_calendars')
      .set({ definition: JSON.stringify(demoCalendar), updated_at: nowIso })
      .where('id', '=', calendarRow.id)
      .execute();
  }
  const policy = await db
    .selectFrom('sla_policies')
    .select(['id', 'targets'])
    .where('is_default', '=', 1)
    .executeTakeFirst();
  const targets = policy
    ? (JSON.parse(policy.targets) as Record<
        TicketPriority,
        { responseMinutes: number; resolutionMinutes: number }
      >)
    : null;

  const accounts = await db.selectFrom('accounts').select(['id', 'email', 'name', 'contact_id']).execute();
  const byEmail = new Map(accounts.map((a) => [a.email, a]));
  const clients = await db.selectFrom('clients').select(['id', 'name']).execute();
  const clientId = new Map(clients.map((c) => [c.name, c.id]));
  const categories = await db.selectFrom('ticket_categories').select(['id', 'name']).execute();
  const categoryId = new Map(categories.map((c) => [c.name, c.id]));

  const team = await db
    .insertInto('teams')
    .values({ name: 'Service desk', created_at: nowIso, updated_at: nowIso })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const email of [tech, admin]) {
    const account = byEmail.get(email);
    if (account)
      await db.insertInto('team_members').values({ team_id: team.id, account_id: account.id }).execute();
  }
  await db
    .insertInto('assignment_rules')
    .values({
      position: 0,
      client_id: null,
      category_id: categoryId.get('Network') ?? null,
      team_id: team.id,
      assignee_account_id: null,
      last_assigned_account_id: null,
      enabled: 1,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
  const owner = byEmail.get(admin)?.id ?? null;
  for (const [title, body] of [
    [
      'Ask for a screenshot',
      'Could you send us a screenshot of the message you see? You can paste it straight into your reply in the portal.',
    ],
    [
      'Resolved: check it works',
      'We believe this is fixed now. If anything is still not right, just reply and the ticket reopens.',
    ],
  ] as const) {
    await db
      .insertInto('canned_responses')
      .values({ title, body, created_by: owner, created_at: nowIso, updated_at: nowIso })
      .execute();
  }

  let inserted = 0;
  for (const t of demoTickets) {
    const requester = byEmail.get(t.requester);
    const client = clientId.get(t.client);
    if (!requester?.contact_id || client === undefined) continue;
    inserted += 1;
    const opened = businessAgo(demoCalendar, nowMs, t.age);
    // A message placed `after` business time from opening, never later than now.
    const at = (after: number) => {
      const wall = businessAgo(demoCalendar, nowMs, Math.max(0, t.age - after));
      return new Date(Math.min(nowMs - MIN, Math.max(opened + MIN, wall))).toISOString();
    };
    const openedIso = new Date(opened).toISOString();
    const assignee = t.assignee ? (byEmail.get(t.assignee)?.id ?? null) : null;
    const target = targets?.[t.priority];
    const firstStaffReply = t.messages.find(
      (m) => typeof m.from === 'object' && 'staff' in m.from && !m.internal,
    );
    const lastAt = t.messages.length ? at(t.messages.at(-1)!.after) : openedIso;
    const lastPublic = [...t.messages].reverse().find((m) => !m.internal);
    const resolvedMessage = [...t.messages].reverse().find((m) => m.status === 'resolved');
    const closedMessage = t.messages.find((m) => m.status === 'closed');
    const minutes = t.messages.reduce((sum, m) => sum + (m.minutes ?? 0), 0);

    const ticket = await db
      .insertInto('tickets')
      .values({
        client_id: client,
        requester_contact_id: requester.contact_id,
        subject: t.subject,
        description: t.description,
        priority: t.priority,
        status: t.status,
        category_id: categoryId.get(t.category) ?? null,
        assignee_account_id: assignee,
        created_by_account_id: requester.id,
        source: 'portal',
        sla_policy_id: policy?.id ?? null,
        response_target_ms: target ? target.responseMinutes * MIN : null,
        resolution_target_ms: target ? target.resolutionMinutes * MIN : null,
        first_response_at: firstStaffReply ? at(firstStaffReply.after) : null,
        resolved_at:
          resolvedMessage && ['resolved', 'closed'].includes(t.status) ? at(resolvedMessage.after) : null,
        closed_at: closedMessage ? at(closedMessage.after) : null,
        response_due_at: null,
        resolution_due_at: null,
        time_spent_minutes: minutes,
        merged_into_id: null,
        updated_at: lastAt,
        public_updated_at: lastPublic ? at(lastPublic.after) : openedIso,
        created_at: openedIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await db
      .insertInto('ticket_status_changes')
      .values({ ticket_id: ticket.id, status: 'new', at: openedIso, actor_account_id: requester.id })
      .execute();
    let status: TicketStatus = 'new';
    for (const m of t.messages) {
      const when = at(m.after);
      const author =
        m.from === 'system'
          ? null
          : 'staff' in m.from
            ? byEmail.get(m.from.staff)
            : byEmail.get(m.from.contact);
      await db
        .insertInto('ticket_messages')
        .values({
          ticket_id: ticket.id,
          author_kind: m.from === 'system' ? 'system' : 'staff' in m.from ? 'staff' : 'contact',
          author_account_id: author?.id ?? null,
          author_contact_id: author?.contact_id ?? null,
          author_name: author?.name ?? 'Portico',
          body: m.body,
          internal: m.internal ? 1 : 0,
          source: m.from === 'system' ? 'staff' : 'staff' in m.from ? 'staff' : 'portal',
          time_spent_minutes: m.minutes ?? 0,
          email_message_id: null,
          created_at: when,
        })
        .execute();
      // A public staff reply opens a new ticket; a client reply brings a waiting ticket back.
      let next: TicketStatus | undefined = m.status;
      if (!next && !m.internal && m.from !== 'system') {
        if ('staff' in m.from && status === 'new') next = 'open';
        if ('contact' in m.from && status === 'waiting-on-client') next = 'open';
      }
      if (next && next !== status) {
        await db
          .insertInto('ticket_status_changes')
          .values({ ticket_id: ticket.id, status: next, at: when, actor_account_id: author?.id ?? null })
          .execute();
        status = next;
      }
    }
    if (status !== t.status) {
      await db
        .insertInto('ticket_status_changes')
        .values({ ticket_id: ticket.id, status: t.status, at: lastAt, actor_account_id: assignee })
        .execute();
    }
    for (const email of t.watchers ?? []) {
      const watcher = byEmail.get(email);
      if (watcher?.contact_id) {
        await db
          .insertInto('ticket_watchers')
          .values({
            ticket_id: ticket.id,
            staff_account_id: null,
            contact_id: watcher.contact_id,
            created_at: openedIso,
          })
          .execute();
      }
    }
    if (t.rating) {
      await db
        .insertInto('ticket_ratings')
        .values({
          ticket_id: ticket.id,
          client_id: client,
          contact_id: requester.contact_id,
          technician_account_id: assignee,
          rating: t.rating.rating,
          comment: t.rating.comment,
          created_at: at(t.rating.after),
        })
        .execute();
    }
    await recordSla(db, ticket.id, nowIso);
  }
  return inserted;
}
