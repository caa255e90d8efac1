/** Value pools for the synthetic tenant, taken from the shapes seen in public Mimecast fixtures. */

export { SIEM_TYPES, type SiemType } from '../model/message.js';

export const TENANT_DOMAIN = 'demo-corp.mime-sim.com';

export const INTERNAL_USERS = [
  'alice.martin',
  'bob.nguyen',
  'carla.rossi',
  'david.okafor',
  'emma.schmidt',
  'farid.haddad',
  'grace.kim',
  'hugo.lefevre',
  'ines.costa',
  'jack.obrien',
  'kate.wilson',
  'liam.chen',
  'maria.valdes',
  'nina.petrova',
  'oscar.lindqvist',
  'priya.sharma',
  'quentin.moreau',
  'rosa.garcia',
  'sam.taylor',
  'tana.jones',
  'uma.patel',
  'victor.santos',
  'wendy.clark',
  'yusuf.demir',
  'zoe.baker',
  'finance',
  'hr',
  'support',
  'postmaster',
  'it-helpdesk',
] as const;

export const EXTERNAL_DOMAINS = [
  'creative-omega.b41.one',
  'arcadia-group.b41.one',
  'pilot-meadow.b41.one',
  'innovation-asylum.b41.one',
  'concept-variety.b41.one',
  'evaluation-fuzz.b41.one',
  'northwind-traders.example',
  'globex-logistics.example',
  'initech-partners.example',
  'umbrella-supplies.example',
  'stark-invoicing.example',
  'wayne-consulting.example',
  'acme-billing.example',
  'hooli-mail.example',
] as const;

export const EXTERNAL_LOCALS = [
  'info',
  'noreply',
  'billing',
  'accounts',
  'sales',
  'newsletter',
  'auto-confirm',
  'john.doe',
  'jane.roe',
  'mjones7',
  'fishkinc',
  'support',
  'invoices',
  'hr-team',
] as const;

/**
 * Public sender addresses: ranges present in the GeoLite2 test databases, so geo lookups resolve
 * to known countries. Weights give a realistic mix dominated by a few countries.
 */
export const PUBLIC_IP_POOLS: readonly (readonly [{ prefix: string; country: string }, number])[] = [
  [{ prefix: '81.2.69.', country: 'GB' }, 22],
  [{ prefix: '2.125.160.', country: 'GB' }, 8],
  [{ prefix: '216.160.83.', country: 'US' }, 24],
  [{ prefix: '89.160.20.', country: 'SE' }, 12],
  [{ prefix: '175.16.199.', country: 'CN' }, 14],
  [{ prefix: '67.43.156.', country: 'BT' }, 8],
  [{ prefix: '202.196.224.', country: 'PH' }, 12],
];

export const SUBJECTS = [
  'Invoice #{n} due',
  'Re: Quarterly report',
  'Meeting notes',
  'Your order has shipped',
  'Weekly Report',
  'Password expiry notice',
  'Action required: verify your account',
  'Re: Contract draft v{n}',
  'Lunch on Friday?',
  'Updated purchase order {n}',
  'You have new held messages',
  'Payment confirmation',
  'New voicemail received',
  'Shared document: budget {n}.xlsx',
  'Security alert for your mailbox',
  'Management Changes',
] as const;

export const TLS_CIPHERS: Record<string, readonly string[]> = {
  'TLSv1.3': ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'],
  'TLSv1.2': ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
};

/** [rejectionType, rejectionCode, rejectionInfo template, spam?, virus?] */
export const REJECTIONS: readonly (readonly [readonly [string, string, string, boolean, boolean], number])[] = [
  [['IP Found in RBL', '550', 'sip.invaluement.mimecast.org Blocked by ivmSIP - see lookup for {ip}.', true, false], 30],
  [['Manual Envelope Rejection', '550', 'Envelope blocked - User Entry', false, false], 15],
  [['Spam Signature Detected', '554', 'Message rejected due to spam signature', true, false], 20],
  [['Invalid Recipient Address', '550', 'Recipient address rejected: User unknown', false, false], 15],
  [['Header Rejected', '0', 'Rejected by header based Blocked Senders: {sender}', false, false], 8],
  [['Malicious QRCode Detection', '554', '[Type: [Phishing & Fraud],Url: [https://{domain}/pages/billing.php]]', false, false], 5],
  [['Virus Signature Detected', '554', 'Anti-Virus Detection', false, true], 7],
];

export const HOLD_REASONS_PROCESS = [
  ['Spm', 55],
  ['Pol', 25],
  ['Att', 12],
  ['Dlp', 8],
] as const;

export const ATTACHMENTS = [
  ['invoice.pdf', 'pdf', 'application/pdf'],
  ['report.xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['contract.docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['scan.zip', 'zip', 'application/zip'],
  ['image001.png', 'png', 'image/png'],
  ['macro.xlsm', 'xlsm', 'application/vnd.ms-excel.sheet.macroEnabled.12'],
  ['setup.exe', 'exe', 'application/x-msdownload'],
] as const;

export const VIRUS_NAMES = ['Anomali:Phishing', 'Trojan.GenericKD', 'W97M.Downloader', 'JS.Agent', 'bad.virus.found'];

export const URL_CATEGORIES = ['Phishing & Fraud', 'Malware & Malicious Sites', 'Compromised', 'Dangerous file extension'];

export const DELIVERY_ROUTES: Record<string, string> = {
  Inbound: 'Office 365 Inbound Routing Policy Definition',
  Outbound: 'Default Outbound Delivery Route',
  Internal: 'Internal Delivery Route',
};

export const DLP_POLICIES = [
  ['Confidential', 30],
  ['Content Inspection - Watermark', 15],
  ['PCI - Credit Card Numbers', 20],
  ['GDPR - Personal Data', 20],
  ['Source Code Leak Prevention', 8],
  ['HIPAA - Protected Health Information', 7],
] as const;

export const DLP_ACTIONS = [
  ['hold', 50],
  ['notification', 30],
  ['bounce', 12],
  ['smart_folder', 8],
] as const;

/** [auditType, category, info template] */
export const AUDIT_TYPES: readonly (readonly [readonly [string, string, string], number])[] = [
  [
    [
      'User Logged On',
      'authentication_logs',
      'Successful authentication for {user}, Date: {date}, Time: {time}, IP: {ip}, Application: Administration Console, Method: Cloud',
    ],
    35,
  ],
  [
    [
      'Logon Authentication Failed',
      'authentication_logs',
      'Failed authentication for {user}, Date: {date}, Time: {time}, IP: {ip}, Application: mimecast-moa, Method: Cloud',
    ],
    12,
  ],
  [
    [
      'Logon Requires Challenge',
      'authentication_logs',
      'Intermediate authentication for {user}, Date: {date}, Time: {time}, IP: {ip}, Application: Administration Console',
    ],
    8,
  ],
  [
    [
      'Threat Intel Feed Download',
      'reporting_logs',
      'Threat intel multiple feeds download  - malware_grid_csv_{stamp}.zip, Date: {date}, Time: {time}, IP: {ip}, Application: Integrations',
    ],
    10,
  ],
  [
    [
      'Search Action',
      'case_review_logs',
      'Executed Search - Source: Search, Search Criteria: {"keywords":"invoice","route":"ALL"}, Date: {date}, Time: {time}, IP: {ip}',
    ],
    8,
  ],
  [
    [
      'Case Action',
      'case_review_logs',
      'Viewed Case - Case: Class Action, Date: {date}, Time: {time}, IP: {ip}, Application: mimecast-case-review',
    ],
    5,
  ],
  [
    [
      'Review Set Action',
      'case_review_logs',
      'Viewed Review Set Details - Case: GDPR/CCPA, Review Set: Contracts, Date: {date}, Time: {time}, IP: {ip}',
    ],
    5,
  ],
  [['Page Data Exports', 'account_logs', '[Export type : Download,Name :held_messages,Requested By :{user},IP Address :{ip}]'], 5],
  [
    [
      'Policy Definition Changed',
      'policy_logs',
      'Action Performed - Updated policy "Default Spam Scanning Definition" by {user} Date: {date} Time: {time} IP: {ip}',
    ],
    6,
  ],
  [['Held Message Released', 'message_queue_logs', 'Released held message for {user}, Date: {date}, Time: {time}, IP: {ip}'], 6],
];

/** [reason, policyInfo, weight] — reasonId/reasonCode are derived like Mimecast's. */
export const HELD_REASONS: readonly (readonly [readonly [string, string], number])[] = [
  [['Message Hold Applied - Spam Signature policy', 'Relaxed Spam Detection'], 35],
  [['Message Hold Applied - Anti-Spoofing policy', 'Default Anti-Spoofing Definition'], 15],
  [['Attachment Management - Hold Potentially Harmful', 'Default Attachment Management Definition'], 15],
  [['Content Examination - Data Leak Prevention', 'PCI - Credit Card Numbers'], 15],
  [['Impersonation Protection - Hold for Review', 'Default Impersonation Definition'], 12],
  [['Message Hold Applied - Suspected Phishing', 'Targeted Threat Protection'], 8],
];

export const AUDIT_ADMINS = ['admin@demo-corp.mime-sim.com', 'sec.ops@demo-corp.mime-sim.com', 'it-helpdesk@demo-corp.mime-sim.com'];
