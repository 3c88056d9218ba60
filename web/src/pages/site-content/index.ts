// Notices, support and the admin's inquiry screens, loaded together on demand.
export { AdminInquiries, AdminInquiry } from './admin-inquiries.js';
export { NoticeDetail } from './notice-detail.js';
export { NoticeEdit, NoticeList, NoticeNew } from './notices.js';
export { SupportDetail, SupportList, SupportNew } from './support.js';
