// The pages beyond requester and approver, by the name their nav button and section carry (data-page, page-<name>).
import { loadReviewer } from './reviewer.js';
import { loadIam } from './iam.js';
import { loadAuditor } from './auditor.js';
import { loadAdmin } from './admin.js';

export const pages = { reviewer: loadReviewer, iam: loadIam, auditor: loadAuditor, admin: loadAdmin };
