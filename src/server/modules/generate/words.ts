/**
 * Word lists and composers for generated text: names, companies, addresses, and the subjects and
 * conversations of IT support tickets. Text is composed from these lists with a seeded generator, so
 * it reads plausibly, varies enough for search to be meaningful, and is the same for the same seed.
 */
import type { Random } from './random.ts';

export const firstNames = [
  'Aaliyah',
  'Adam',
  'Aisha',
  'Alba',
  'Alex',
  'Alice',
  'Amara',
  'Amir',
  'Ana',
  'Anders',
  'Andrea',
  'Anna',
  'Arjun',
  'Ava',
  'Ben',
  'Bianca',
  'Boris',
  'Caitlin',
  'Carlos',
  'Chen',
  'Chloe',
  'Chris',
  'Clara',
  'Dan',
  'Dana',
  'Daniel',
  'David',
  'Diego',
  'Elena',
  'Elif',
  'Ella',
  'Emil',
  'Emily',
  'Emma',
  'Erik',
  'Ethan',
  'Eva',
  'Fatima',
  'Felix',
  'Fiona',
  'Freya',
  'Gabriel',
  'George',
  'Grace',
  'Hana',
  'Hannah',
  'Harry',
  'Hassan',
  'Ines',
  'Isaac',
  'Isla',
  'Ivan',
  'Jack',
  'Jakub',
  'James',
  'Jana',
  'Jonas',
  'Jordan',
  'Julia',
  'Kai',
  'Karim',
  'Kate',
  'Kenji',
  'Laila',
  'Lars',
  'Laura',
  'Leo',
  'Lina',
  'Lucas',
  'Lucy',
  'Luis',
  'Maya',
  'Marco',
  'Maria',
  'Mark',
  'Marta',
  'Mateo',
  'Mia',
  'Mohammed',
  'Nadia',
  'Naomi',
  'Nathan',
  'Nia',
  'Nikos',
  'Noah',
  'Nora',
  'Olga',
  'Oliver',
  'Omar',
  'Oscar',
  'Paul',
  'Pedro',
  'Priya',
  'Rachel',
  'Rafael',
  'Ravi',
  'Rosa',
  'Ruth',
  'Sam',
  'Sara',
  'Sean',
  'Sofia',
  'Sophie',
  'Tariq',
  'Theo',
  'Tom',
  'Uma',
  'Victor',
  'Wei',
  'Yara',
  'Yusuf',
  'Zara',
  'Zoe',
];

export const lastNames = [
  'Abbott',
  'Achebe',
  'Ahmed',
  'Alvarez',
  'Andersen',
  'Baker',
  'Banerjee',
  'Becker',
  'Bennett',
  'Berg',
  'Brooks',
  'Brown',
  'Campbell',
  'Carter',
  'Castro',
  'Chen',
  'Clarke',
  'Costa',
  'Cruz',
  'Davies',
  'Dubois',
  'Edwards',
  'Evans',
  'Fischer',
  'Fernandes',
  'Fraser',
  'Garcia',
  'Green',
  'Gupta',
  'Haddad',
  'Hall',
  'Hansen',
  'Harris',
  'Hughes',
  'Ivanova',
  'Jackson',
  'Jensen',
  'Johnson',
  'Jones',
  'Kaur',
  'Khan',
  'Kim',
  'Kowalski',
  'Lambert',
  'Larsen',
  'Lee',
  'Lewis',
  'Lindqvist',
  'Lopes',
  'Lopez',
  'Martin',
  'Mehta',
  'Meyer',
  'Mitchell',
  'Moreau',
  'Morgan',
  'Murphy',
  'Nakamura',
  'Nguyen',
  'Novak',
  "O'Brien",
  'Okafor',
  'Olsen',
  'Patel',
  'Perez',
  'Petrov',
  'Phillips',
  'Quinn',
  'Rahman',
  'Reid',
  'Reyes',
  'Richter',
  'Roberts',
  'Rossi',
  'Russo',
  'Santos',
  'Schmidt',
  'Schultz',
  'Shah',
  'Silva',
  'Singh',
  'Smith',
  'Sousa',
  'Stewart',
  'Suzuki',
  'Taylor',
  'Thomas',
  'Turner',
  'Wagner',
  'Walker',
  'Wang',
  'Ward',
  'Watson',
  'White',
  'Williams',
  'Wilson',
  'Wood',
  'Wright',
  'Yilmaz',
  'Young',
  'Zhang',
];

const companyPrefixes = [
  'Acme',
  'Alder',
  'Apex',
  'Ashford',
  'Atlas',
  'Beacon',
  'Birchwood',
  'Blue Harbour',
  'Bramble',
  'Brightwater',
  'Cedar',
  'Clearview',
  'Cobalt',
  'Copperfield',
  'Crescent',
  'Crown',
  'Dovetail',
  'Eastgate',
  'Elm Street',
  'Evergreen',
  'Fairfield',
  'Falcon',
  'Foxglove',
  'Granite',
  'Greenway',
  'Hawthorn',
  'Highland',
  'Horizon',
  'Ivy Lane',
  'Juniper',
  'Keystone',
  'Kingfisher',
  'Lakeside',
  'Lighthouse',
  'Maple',
  'Meridian',
  'Millbrook',
  'Northwind',
  'Oakridge',
  'Orchard',
  'Pinnacle',
  'Quayside',
  'Redwood',
  'Riverside',
  'Rowan',
  'Saffron',
  'Silverline',
  'Southbank',
  'Sterling',
  'Summit',
  'Thistle',
  'Trinity',
  'Union',
  'Valley',
  'Westbrook',
  'Willow',
  'Windmill',
  'Yew Tree',
];

const companyKinds = [
  'Accountancy',
  'Architects',
  'Bakery',
  'Builders',
  'Care Homes',
  'Consulting',
  'Dental',
  'Design',
  'Engineering',
  'Estates',
  'Foods',
  'Freight',
  'Garden Centre',
  'Health',
  'Hotels',
  'Insurance',
  'Joinery',
  'Law',
  'Legal',
  'Logistics',
  'Manufacturing',
  'Marketing',
  'Media',
  'Medical Practice',
  'Motors',
  'Opticians',
  'Pharmacy',
  'Printing',
  'Property',
  'Recruitment',
  'Retail',
  'School',
  'Solicitors',
  'Surveyors',
  'Travel',
  'Veterinary',
  'Wholesale',
];

const companySuffixes = ['Ltd', 'Ltd', 'Ltd', 'LLP', 'Group', '& Co', 'Partners', ''];

const towns: [string, string, string][] = [
  ['Manchester', 'M', '161'],
  ['Bristol', 'BS', '117'],
  ['London', 'EC', '20'],
  ['Leeds', 'LS', '113'],
  ['Birmingham', 'B', '121'],
  ['Edinburgh', 'EH', '131'],
  ['Glasgow', 'G', '141'],
  ['Cardiff', 'CF', '29'],
  ['Nottingham', 'NG', '115'],
  ['Sheffield', 'S', '114'],
  ['Newcastle', 'NE', '191'],
  ['Liverpool', 'L', '151'],
  ['Oxford', 'OX', '1865'],
  ['Cambridge', 'CB', '1223'],
  ['Brighton', 'BN', '1273'],
  ['York', 'YO', '1904'],
];

const streets = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Mill Road',
  'Park Avenue',
  'Victoria Street',
  'King Street',
  'Queen Street',
  'Market Place',
  'Bridge Street',
  'London Road',
  'Trafford Park Road',
  'Canal Side',
  'Riverside Walk',
  'Harbour Way',
  'Commerce Way',
  'Enterprise Park',
  'Castle Street',
  'North Road',
];

const siteLabels = ['Warehouse', 'Branch office', 'Workshop', 'Clinic', 'Second site', 'Depot', 'Studio'];

export const titles = [
  'Office Manager',
  'Finance Director',
  'Managing Director',
  'Operations Manager',
  'Practice Manager',
  'Receptionist',
  'Accounts Assistant',
  'IT Coordinator',
  'Sales Manager',
  'HR Advisor',
  'Designer',
  'Engineer',
  'Administrator',
  'Team Leader',
  'Partner',
  'Paralegal',
  'Nurse',
  'Warehouse Supervisor',
];

export const departments = ['Finance', 'Operations', 'Sales', 'Administration', 'HR', 'Front desk', 'IT'];

/** ASCII lower-case letters and digits only, for addresses and domains. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function personName(random: Random): { first: string; last: string; name: string } {
  const first = random.pick(firstNames);
  const last = random.pick(lastNames);
  return { first, last, name: `${first} ${last}` };
}

export function companyName(random: Random): { name: string; domainStem: string } {
  const prefix = random.pick(companyPrefixes);
  const kind = random.pick(companyKinds);
  const suffix = random.pick(companySuffixes);
  return {
    name: suffix ? `${prefix} ${kind} ${suffix}` : `${prefix} ${kind}`,
    domainStem: slug(`${prefix}-${kind}`),
  };
}

export function address(random: Random): { text: string; areaCode: string } {
  const [town, postcode, areaCode] = random.pick(towns);
  const number = random.int(1, 240);
  const unit = random.chance(0.3) ? `Unit ${random.int(1, 30)}, ` : '';
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const outward = `${postcode}${random.int(1, 20)}`;
  const inward = `${random.int(1, 9)}${letters[random.int(0, letters.length - 1)]}${letters[random.int(0, letters.length - 1)]}`;
  return { text: `${unit}${number} ${random.pick(streets)}, ${town} ${outward} ${inward}`, areaCode };
}

export function phone(random: Random, areaCode: string): string {
  // 496 is the UK range reserved for drama and examples.
  return `+44 ${areaCode} 496 ${String(random.int(0, 9999)).padStart(4, '0')}`;
}

export function siteLabel(random: Random): string {
  return random.pick(siteLabels);
}

// ---------------------------------------------------------------------------------------------------
// Tickets

const apps = [
  'Outlook',
  'Teams',
  'Excel',
  'Word',
  'OneDrive',
  'SharePoint',
  'Sage',
  'Xero',
  'the CRM',
  'Chrome',
  'Adobe Acrobat',
  'the booking system',
  'the practice management system',
  'Zoom',
  'the VPN client',
  'QuickBooks',
  'the accounts package',
  'AutoCAD',
  'the document management system',
  'Windows Update',
];

const devices = [
  'laptop',
  'desktop PC',
  'printer',
  'scanner',
  'monitor',
  'docking station',
  'keyboard',
  'phone handset',
  'mobile phone',
  'tablet',
  'label printer',
  'card reader',
  'webcam',
  'headset',
  'projector',
  'NAS',
  'Wi-Fi access point',
  'router',
  'firewall',
  'UPS',
];

const places = [
  'reception',
  'the main office',
  'the meeting room',
  'the boardroom',
  'the warehouse',
  'accounts',
  'the second floor',
  'the training room',
  'the workshop',
  'the front desk',
  'surgery 2',
  'the studio',
];

const services = [
  'the VPN',
  'email',
  'the shared drive',
  'the file server',
  'the Wi-Fi',
  'the internet',
  'the intranet',
  'the remote desktop',
  'the phone system',
  'the guest network',
  'the backup',
  'the website',
];

const errorsShown = [
  'Access denied',
  'Server unavailable',
  'Paper jam in tray 2',
  'No internet, secured',
  'Your password has expired',
  'Something went wrong',
  'Disk almost full',
  'Licence expired',
  'The trust relationship failed',
  'Sync is paused',
  'Certificate error',
  'Error 0x80070005',
];

const subjectTemplates: ((r: Random) => string)[] = [
  (r) => `${cap(r.pick(apps))} keeps crashing`,
  (r) => `${cap(r.pick(apps))} asks for my password again and again`,
  (r) => `${cap(r.pick(apps))} is very slow today`,
  (r) => `Cannot open ${r.pick(apps)} after the update`,
  (r) => `The ${r.pick(devices)} in ${r.pick(places)} is not working`,
  (r) => `${cap(r.pick(devices))} shows "${r.pick(errorsShown)}"`,
  (r) => `Cannot connect to ${r.pick(services)}`,
  (r) => `${cap(r.pick(services))} drops every hour`,
  (r) => `${cap(r.pick(services))} is down in ${r.pick(places)}`,
  (r) => `New starter on Monday needs a ${r.pick(devices)}`,
  (r) => `Please set up a ${r.pick(devices)} for ${r.pick(firstNames)}`,
  (r) => `Leaver: remove access for ${r.pick(firstNames)} ${r.pick(lastNames)}`,
  (r) =>
    `Give ${r.pick(firstNames)} access to the ${r.pick(['Finance', 'HR', 'Projects', 'Sales', 'Board'])} share`,
  (r) => `Replace the broken ${r.pick(devices)}`,
  (r) => `Quote for ${r.int(2, 12)} new ${r.pick(devices)}s`,
  (r) => `Emails from ${r.pick(lastNames)} go to junk`,
  (r) => `Shared mailbox missing in ${r.pick(apps)}`,
  () => 'Phishing email received: please check',
  (r) => `Password reset for ${r.pick(firstNames)}`,
  () => 'Backup failed last night',
  () => 'Website contact form not sending',
  (r) => `Move the ${r.pick(devices)} to ${r.pick(places)}`,
  (r) => `${cap(r.pick(services))} very slow in ${r.pick(places)}`,
  (r) => `Install ${r.pick(apps)} on the new ${r.pick(devices)}`,
];

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function ticketSubject(random: Random): string {
  return random.pick(subjectTemplates)(random);
}

const problemSentences: ((r: Random) => string)[] = [
  (r) =>
    `Since ${r.pick(['this morning', 'yesterday afternoon', 'Monday', 'the update last week', 'we moved desks'])} it has not worked properly.`,
  (r) => `It affects ${r.int(2, 15)} people in ${r.pick(places)}.`,
  (r) => `The message says "${r.pick(errorsShown)}".`,
  () => 'Restarting did not help.',
  () => 'It worked fine until last week.',
  (r) =>
    `We need this sorted by ${r.pick(['Friday', 'the end of the day', 'tomorrow morning', 'next week'])}.`,
  (r) =>
    `It happens every ${r.pick(['few minutes', 'hour', 'morning', 'time we print', 'time we sign in'])}.`,
  () => 'Other people in the office seem fine.',
  () => 'Nobody can work on the affected machine at the moment.',
  (r) => `The ${r.pick(devices)} was replaced recently, in case that matters.`,
  () => 'I have attached what I could see on the screen.',
  (r) => `Could someone call me on extension ${r.int(200, 499)}?`,
];

function problemParagraph(random: Random, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(random.pick(problemSentences)(random));
  return out.join(' ');
}

/** A ticket's description in Markdown: a paragraph or two, sometimes a short list of facts. */
export function ticketDescription(random: Random): string {
  const parts = [problemParagraph(random, random.int(1, 3))];
  if (random.chance(0.35)) {
    parts.push(
      [
        `- Affects ${random.int(1, 20)} ${random.chance(0.5) ? 'people' : 'machines'}`,
        `- Started ${random.pick(['today', 'yesterday', 'on Monday', 'after the weekend', 'after the update'])}`,
        `- Reference: ${random.pick(['INC', 'PO', 'REF'])}-${random.int(1000, 99999)}`,
      ]
        .slice(0, random.int(1, 3))
        .join('\n'),
    );
  }
  if (random.chance(0.4)) parts.push(problemParagraph(random, 1));
  return parts.join('\n\n');
}

const contactLines: ((r: Random) => string)[] = [
  () => 'It happened again just now.',
  () => 'I restarted it as you suggested, but it did not help.',
  () => 'Thanks, that worked!',
  () => 'Yes, that is fine. Any time after 2 pm suits us.',
  () => 'Much better now, thank you.',
  () => 'Still the same problem this morning, I am afraid.',
  () => 'I have sent the photo over, hope it helps.',
  (r) => `The sticker on the back says ${r.pick(['SN', 'S/N', 'Serial'])} ${r.int(100000, 999999)}.`,
  () => 'Could you give us an update? We are getting a bit stuck.',
  () => 'That is great, thanks for the quick help.',
  (r) => `${r.pick(firstNames)} says it also happens on her machine.`,
  () => 'We will be out of the office tomorrow, so Thursday would be best.',
  () => '**Urgent:** the whole team is affected now.',
  () => 'Please go ahead.',
  (r) => `The error code is ${r.pick(['0x80070005', '0x800CCC0E', '404', '503', 'E-1021'])}.`,
];

const staffLines: ((r: Random) => string)[] = [
  () => 'Thanks for letting us know. We are looking into this now.',
  () => 'Could you send a screenshot of the message you see? You can paste it straight into your reply.',
  (r) => `We have restarted ${r.pick(services)} and it should work again. Could you try now?`,
  () => 'Please sign out and back in, then let us know if the problem is still there.',
  (r) =>
    `We have ordered a replacement ${r.pick(devices)}; it should arrive ${r.pick(['tomorrow', 'on Thursday', 'early next week'])}.`,
  () => 'We connected remotely and cleared the cached credentials. It should stop asking now.',
  () => 'Done: the access is in place. It can take up to an hour to show up.',
  (r) => `An engineer will be on site ${r.pick(['this afternoon', 'tomorrow morning', 'on Friday'])}.`,
  () => 'We believe this is fixed now. If anything is still not right, just reply and the ticket reopens.',
  () => 'We are waiting for the vendor to come back to us and will update you as soon as we hear.',
  () => 'Could you tell us the number on the sticker at the back of the device?',
  (r) => `We have updated ${r.pick(apps)} to the latest version, which fixes this issue.`,
  () => 'Thanks for confirming. Closing this one.',
];

const noteLines: ((r: Random) => string)[] = [
  (r) =>
    `Checked the logs on ${r.pick(['FS01', 'DC01', 'the firewall', 'the NAS', 'the mail gateway'])}: nothing obvious.`,
  (r) => `Vendor case ${r.pick(['RMA', 'CASE', 'SR'])}-${r.int(10000, 99999)} opened.`,
  () => 'Probably related to last week’s firewall change.',
  (r) => `Remote session done, took about ${r.int(10, 90)} minutes.`,
  (r) => `Escalating to ${r.pick(firstNames)}; needs admin rights on the tenant.`,
  () => 'Licence count is at the limit, we need to buy one more seat.',
  () => 'Client is on the old contract; check before billing any hardware.',
  () => 'Same issue as last month, see the earlier ticket.',
  () => 'Switch port flapping. Patched to a spare port as a stop-gap.',
  () => 'Do not reboot the server during office hours.',
];

function lines(random: Random, from: ((r: Random) => string)[], count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(random.pick(from)(random));
  return out.join(' ');
}

/** Pools of message bodies, composed once and picked per message (millions of messages stay cheap). */
export interface BodyPools {
  contact: string[];
  staff: string[];
  note: string[];
}

export function bodyPools(random: Random, size = 2048): BodyPools {
  const make = (from: ((r: Random) => string)[], max: number) =>
    Array.from({ length: size }, () => {
      const text = lines(random, from, random.int(1, max));
      return random.chance(0.2) ? `${text}\n\n${lines(random, from, 1)}` : text;
    });
  return { contact: make(contactLines, 2), staff: make(staffLines, 2), note: make(noteLines, 2) };
}
