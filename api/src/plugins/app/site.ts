// Notices (admins write, anyone reads), their comments, and support inquiries.
import { randomUUID } from 'node:crypto';
import type { Comment, Inquiry, Notice } from '../../contract/site.js';
import type { Db } from '../../db/database.js';
import type { InquiryStatus } from '../../db/schema.js';
import { forbidden, notFound } from '../../errors.js';

interface Page {
  page: number;
  pageSize: number;
}
const offset = (p: Page) => (p.page - 1) * p.pageSize;
const iso = (d: Date) => d.toISOString();

export class Site {
  constructor(private readonly db: Db) {}

  #notices() {
    return this.db
      .selectFrom('notices as n')
      .innerJoin('users as u', 'u.id', 'n.author_id')
      .select((eb) => [
        'n.id', 'n.title', 'n.body', 'n.created_at', 'n.updated_at', 'u.id as author_id', 'u.name as author_name',
        'u.avatar_url as author_avatar',
        eb.selectFrom('notice_comments as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.notice_id', '=', 'n.id').as('comment_count'),
      ]);
  }

  async listNotices(page: Page) {
    const [rows, total] = await Promise.all([
      this.#notices().orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(page.pageSize).offset(offset(page)).execute(),
      this.db.selectFrom('notices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toNotice), ...page, total: Number(total.n) };
  }

  async getNotice(id: string): Promise<Notice> {
    const row = await this.#notices().where('n.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Notice');
    return toNotice(row);
  }

  async createNotice(authorId: string, title: string, body: string): Promise<Notice> {
    const id = randomUUID();
    await this.db.insertInto('notices').values({ id, author_id: authorId, title, body }).execute();
    return this.getNotice(id);
  }

  async updateNotice(id: string, patch: { title?: string; body?: string }): Promise<Notice> {
    await this.getNotice(id);
    await this.db.updateTable('notices').set(patch).where('id', '=', id).execute();
    return this.getNotice(id);
  }

  async deleteNotice(id: string): Promise<void> {
    const res = await this.db.deleteFrom('notices').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw notFound('Notice');
  }

  async listComments(noticeId: string, page: Page) {
    await this.getNotice(noticeId);
    const [rows, total] = await Promise.all([
      this.#comments()
        .where('c.notice_id', '=', noticeId)
        .orderBy('c.created_at')
        .limit(page.pageSize)
        .offset(offset(page))
        .execute(),
      this.db.selectFrom('notice_comments').select((eb) => eb.fn.countAll<number>().as('n')).where('notice_id', '=', noticeId).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toComment), ...page, total: Number(total.n) };
  }

  #comments() {
    return this.db
      .selectFrom('notice_comments as c')
      .innerJoin('users as u', 'u.id', 'c.author_id')
      .select(['c.id', 'c.notice_id', 'c.body', 'c.created_at', 'u.id as author_id', 'u.name as author_name', 'u.avatar_url as author_avatar']);
  }

  async addComment(noticeId: string, authorId: string, body: string): Promise<Comment> {
    await this.getNotice(noticeId);
    const id = randomUUID();
    await this.db.insertInto('notice_comments').values({ id, notice_id: noticeId, author_id: authorId, body }).execute();
    return toComment(await this.#comments().where('c.id', '=', id).executeTakeFirstOrThrow());
  }

  /** Authors delete their own comments; admins delete any. */
  async deleteComment(noticeId: string, commentId: string, user: { id: string; role: string }): Promise<void> {
    const row = await this.db
      .selectFrom('notice_comments')
      .select('author_id')
      .where('id', '=', commentId)
      .where('notice_id', '=', noticeId)
      .executeTakeFirst();
    if (!row) throw notFound('Comment');
    if (row.author_id !== user.id && user.role !== 'admin') throw forbidden('Only the author or an admin can delete this comment');
    await this.db.deleteFrom('notice_comments').where('id', '=', commentId).execute();
  }

  #inquiries() {
    return this.db
      .selectFrom('inquiries as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .select([
        'i.id', 'i.subject', 'i.body', 'i.status', 'i.answer', 'i.answered_at', 'i.created_at', 'i.updated_at',
        'u.id as user_id', 'u.name as user_name', 'u.avatar_url as user_avatar',
      ]);
  }

  async createInquiry(userId: string, subject: string, body: string): Promise<Inquiry> {
    const id = randomUUID();
    await this.db.insertInto('inquiries').values({ id, user_id: userId, subject, body, status: 'open' }).execute();
    return this.getInquiry(id);
  }

  async getInquiry(id: string): Promise<Inquiry> {
    const row = await this.#inquiries().where('i.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Inquiry');
    return toInquiry(row);
  }

  /** One user's inquiries, or everyone's (admin) when `userId` is null. */
  async listInquiries(userId: string | null, page: Page, status?: InquiryStatus) {
    let q = this.#inquiries();
    let count = this.db.selectFrom('inquiries as i').select((eb) => eb.fn.countAll<number>().as('n'));
    if (userId) {
      q = q.where('i.user_id', '=', userId);
      count = count.where('i.user_id', '=', userId);
    }
    if (status) {
      q = q.where('i.status', '=', status);
      count = count.where('i.status', '=', status);
    }
    const [rows, total] = await Promise.all([
      q.orderBy('i.created_at', 'desc').limit(page.pageSize).offset(offset(page)).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toInquiry), page: page.page, pageSize: page.pageSize, total: Number(total.n) };
  }

  async answerInquiry(id: string, adminId: string, answer: string): Promise<Inquiry> {
    await this.getInquiry(id);
    await this.db
      .updateTable('inquiries')
      .set({ answer, answered_by: adminId, answered_at: new Date(), status: 'answered' })
      .where('id', '=', id)
      .execute();
    return this.getInquiry(id);
  }

  async closeInquiry(id: string): Promise<Inquiry> {
    await this.getInquiry(id);
    await this.db.updateTable('inquiries').set({ status: 'closed' }).where('id', '=', id).execute();
    return this.getInquiry(id);
  }
}

function toComment(r: {
  id: string; notice_id: string; body: string; created_at: Date; author_id: string; author_name: string; author_avatar: string | null;
}): Comment {
  return {
    id: r.id,
    noticeId: r.notice_id,
    body: r.body,
    createdAt: iso(r.created_at),
    author: { id: r.author_id, name: r.author_name, avatarUrl: r.author_avatar },
  };
}

function toNotice(r: {
  id: string; title: string; body: string; created_at: Date; updated_at: Date; author_id: string;
  author_name: string; author_avatar: string | null; comment_count: number | null;
}): Notice {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    author: { id: r.author_id, name: r.author_name, avatarUrl: r.author_avatar },
    commentCount: Number(r.comment_count ?? 0),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

function toInquiry(r: {
  id: string; subject: string; body: string; status: InquiryStatus; answer: string | null; answered_at: Date | null;
  created_at: Date; updated_at: Date; user_id: string; user_name: string; user_avatar: string | null;
}): Inquiry {
  return {
    id: r.id,
    user: { id: r.user_id, name: r.user_name, avatarUrl: r.user_avatar },
    subject: r.subject,
    body: r.body,
    status: r.status,
    answer: r.answer,
    answeredAt: r.answered_at ? iso(r.answered_at) : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
